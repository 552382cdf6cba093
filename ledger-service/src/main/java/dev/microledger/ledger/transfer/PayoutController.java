package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.AccountCommands;
import dev.microledger.ledger.account.AccountKind;
import dev.microledger.ledger.account.AccountLimits;
import dev.microledger.ledger.account.AccountView;
import dev.microledger.ledger.account.PayoutSchedule;
import dev.microledger.ledger.account.SetPayoutScheduleCommand;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.RequestFields;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;

/** A merchant's payout schedule: settled by itself daily, weekly or monthly, above a minimum. */
@RestController
@Tag(name = "Payouts", description = "A merchant's payout schedule: settled by itself daily, weekly or monthly "
        + "(role accounts)")
class PayoutController {

    private final AccountCommands accounts;
    private final Currencies currencies;

    PayoutController(AccountCommands accounts, Currencies currencies) {
        this.accounts = accounts;
        this.currencies = currencies;
    }

    record PayoutRequest(
            @Schema(description = "DAILY, WEEKLY (Mondays) or MONTHLY (the 1st), at midnight in timezone",
                    example = "WEEKLY") String frequency,
            @Schema(description = "The SYSTEM account of the same currency the payouts go to", example = "payouts")
            String payoutAccountId,
            @Schema(description = "A payout below it waits for the next one; 0 when absent", example = "10")
            String minimum,
            @Schema(description = "IANA time zone of the midnights; UTC when absent", example = "Asia/Seoul")
            String timezone) {
    }

    record PayoutResponse(String accountId, String frequency, String payoutAccountId, String minimum, String timezone,
                          long version) {
    }

    @Operation(summary = "Set a merchant's payout schedule",
            description = "The merchant is settled by itself at midnight in timezone up to that moment, as POST "
                    + "/settlements would; a payout below minimum waits. Only a MERCHANT account, paid to a SYSTEM "
                    + "account of its currency (422 account_kind_mismatch, currency_mismatch). Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The schedule and the account's version",
                    content = @Content(mediaType = "application/json",
                            schema = @Schema(implementation = PayoutResponse.class))))
    @PutMapping("/accounts/{accountId}/payouts")
    PayoutResponse set(@PathVariable String accountId, @RequestBody PayoutRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request == null || request.payoutAccountId() == null || request.frequency() == null) {
            throw LedgerRejection.invalid("frequency (DAILY, WEEKLY or MONTHLY) and payoutAccountId are required");
        }
        RequestFields.requireId("payoutAccountId", request.payoutAccountId());
        PayoutSchedule.Frequency frequency = Arrays.stream(PayoutSchedule.Frequency.values())
                .filter(candidate -> candidate.name().equals(request.frequency())).findFirst()
                .orElseThrow(() -> LedgerRejection.invalid("frequency must be one of "
                        + Arrays.toString(PayoutSchedule.Frequency.values())));
        String timezone = request.timezone() == null ? AccountLimits.DEFAULT_TIMEZONE : zone(request.timezone());
        AccountView merchant = accounts.read(accountId);
        if (merchant.kind() != AccountKind.MERCHANT) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "only a MERCHANT account is paid out; '"
                    + accountId + "' is " + merchant.kind(), Map.of("accountId", accountId));
        }
        AccountView payout = accounts.read(request.payoutAccountId());
        if (payout.kind() != AccountKind.SYSTEM) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "the payout account '" + payout.accountId()
                    + "' must be a SYSTEM account, not " + payout.kind(), Map.of("accountId", payout.accountId()));
        }
        if (!payout.currency().equals(merchant.currency())) {
            throw new LedgerRejection(RejectionCode.CURRENCY_MISMATCH, "the payout account '" + payout.accountId()
                    + "' holds " + payout.currency() + ", the merchant " + merchant.currency(),
                    Map.of("accountId", payout.accountId()));
        }
        long minimum = request.minimum() == null ? 0
                : currencies.parseCreditLimit("minimum", request.minimum(), merchant.currency()).amountMinor();
        PayoutSchedule schedule = new PayoutSchedule(frequency, request.payoutAccountId(), minimum, timezone);
        return body(accounts.send("set_payouts", accountId, new SetPayoutScheduleCommand(accountId, schedule)));
    }

    @Operation(summary = "Remove a merchant's payout schedule",
            description = "The merchant is settled only on request (POST /settlements) from now on. Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The account's version; the schedule's parts "
                    + "are null", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = PayoutResponse.class))))
    @DeleteMapping("/accounts/{accountId}/payouts")
    PayoutResponse remove(@PathVariable String accountId) {
        RequestFields.requireId("accountId", accountId);
        return body(accounts.send("remove_payouts", accountId, new SetPayoutScheduleCommand(accountId, null)));
    }

    private PayoutResponse body(AccountView view) {
        PayoutSchedule payouts = view.payouts();
        if (payouts == null) {
            return new PayoutResponse(view.accountId(), null, null, null, null, view.version());
        }
        return new PayoutResponse(view.accountId(), payouts.frequency().name(), payouts.payoutAccountId(),
                currencies.format(payouts.minimumMinor(), view.currency()), payouts.timezone(), view.version());
    }

    private static String zone(String timezone) {
        try {
            return ZoneId.of(timezone).getId();
        } catch (DateTimeException e) {
            throw LedgerRejection.invalid("timezone must be an IANA time zone such as Asia/Seoul");
        }
    }


}
