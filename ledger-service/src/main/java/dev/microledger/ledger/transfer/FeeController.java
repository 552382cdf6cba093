package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.AccountCommands;
import dev.microledger.ledger.account.AccountKind;
import dev.microledger.ledger.account.AccountView;
import dev.microledger.ledger.account.FeeSchedule;
import dev.microledger.ledger.account.SetFeeScheduleCommand;
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

import java.util.Map;

/**
 * A merchant's fee schedule: what each payment it receives pays to a SYSTEM revenue account,
 * posted by the ledger with the payment. Changes bind from the next payment.
 */
@RestController
@Tag(name = "Fees", description = "A merchant's fee schedule: what each payment it receives pays to a revenue account "
        + "(role accounts)")
class FeeController {

    private final AccountCommands accounts;
    private final Currencies currencies;
    private final FeeRoutes routes;

    FeeController(AccountCommands accounts, Currencies currencies, FeeRoutes routes) {
        this.accounts = accounts;
        this.currencies = currencies;
        this.routes = routes;
    }

    record FeeRequest(
            @Schema(description = "A fraction of the amount: 0.05 is 5 %; 0 when absent", example = "0.05") String rate,
            @Schema(description = "A fixed part per payment; 0 when absent", example = "0.001") String fixed,
            @Schema(description = "The least fee of a payment; 0 when absent") String minimum,
            @Schema(description = "The most fee of a payment; none when absent") String maximum,
            @Schema(description = "The SYSTEM account of the same currency that receives the fees (required)",
                    example = "platform-fees") String revenueAccountId) {
    }

    record FeeResponse(String accountId, String rate, String fixed, String minimum, String maximum,
                       String revenueAccountId, long version) {
    }

    @Operation(summary = "Set a merchant's fee schedule",
            description = "From the next payment to the merchant, the payer is debited the amount, the merchant nets "
                    + "amount - fee and the revenue account gets the fee, all in one commit: fee = rate x amount + "
                    + "fixed, between minimum and maximum. Only a MERCHANT account has one, paying a SYSTEM revenue "
                    + "account of its currency (422 account_kind_mismatch, currency_mismatch). Role: accounts.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = FeeRequest.class),
                    examples = @ExampleObject(name = "5 % + 0.001", value = TransferExamples.FEES))),
            responses = @ApiResponse(responseCode = "200", description = "The schedule and the account's version",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeeResponse.class),
                            examples = @ExampleObject(name = "5 % + 0.001", value = TransferExamples.FEES_SET))))
    @PutMapping("/accounts/{accountId}/fees")
    FeeResponse set(@PathVariable String accountId, @RequestBody FeeRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request == null || request.revenueAccountId() == null) {
            throw LedgerRejection.invalid("revenueAccountId is required: the SYSTEM account that receives the fees");
        }
        RequestFields.requireId("revenueAccountId", request.revenueAccountId());
        if (request.revenueAccountId().equals(accountId)) {
            throw LedgerRejection.invalid("revenueAccountId must be another account than the merchant");
        }
        AccountView merchant = accounts.read(accountId);
        String currency = merchant.currency();
        if (merchant.kind() != AccountKind.MERCHANT) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "only a MERCHANT account has a fee "
                    + "schedule; '" + accountId + "' is " + merchant.kind(), Map.of("accountId", accountId));
        }
        AccountView revenue = accounts.read(request.revenueAccountId());
        if (revenue.kind() != AccountKind.SYSTEM) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "the revenue account '"
                    + revenue.accountId() + "' must be a SYSTEM account, not " + revenue.kind(),
                    Map.of("accountId", revenue.accountId()));
        }
        if (!revenue.currency().equals(currency)) {
            throw new LedgerRejection(RejectionCode.CURRENCY_MISMATCH, "the revenue account '" + revenue.accountId()
                    + "' holds " + revenue.currency() + ", the merchant " + currency,
                    Map.of("accountId", revenue.accountId()));
        }
        FeeSchedule schedule = FeeParts.schedule(request.rate(), request.fixed(), request.minimum(), request.maximum(),
                request.revenueAccountId(), currency, currencies);
        AccountView view = accounts.send("set_fees", accountId, new SetFeeScheduleCommand(accountId, schedule));
        routes.learn(accountId, view.fees());
        return body(view);
    }

    @Operation(summary = "Remove a merchant's fee schedule",
            description = "From the next payment the merchant pays the ledger's default for its currency, when one is "
                    + "configured, else no fee. Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The account's version; the schedule's parts "
                    + "are null", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = FeeResponse.class))))
    @DeleteMapping("/accounts/{accountId}/fees")
    FeeResponse remove(@PathVariable String accountId) {
        RequestFields.requireId("accountId", accountId);
        AccountView view = accounts.send("remove_fees", accountId, new SetFeeScheduleCommand(accountId, null));
        routes.learn(accountId, null);
        return body(view);
    }

    private FeeResponse body(AccountView view) {
        FeeSchedule fees = view.fees();
        String currency = view.currency();
        if (fees == null) {
            return new FeeResponse(view.accountId(), null, null, null, null, null, view.version());
        }
        return new FeeResponse(view.accountId(), fees.rate().toPlainString(), currencies.format(fees.fixedMinor(), currency),
                currencies.format(fees.minimumMinor(), currency),
                fees.maximumMinor() == null ? null : currencies.format(fees.maximumMinor(), currency),
                fees.revenueAccountId(), view.version());
    }
}
