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

import java.util.Map;

/**
 * A merchant's fee schedule: what each payment it receives pays to a SYSTEM revenue account,
 * posted by the ledger with the payment. Changes bind from the next payment.
 */
@RestController
class FeeController {

    private final AccountCommands accounts;
    private final Currencies currencies;
    private final FeeRoutes routes;

    FeeController(AccountCommands accounts, Currencies currencies, FeeRoutes routes) {
        this.accounts = accounts;
        this.currencies = currencies;
        this.routes = routes;
    }

    record FeeRequest(String rate, String fixed, String minimum, String maximum, String revenueAccountId) {
    }

    record FeeResponse(String accountId, String rate, String fixed, String minimum, String maximum,
                       String revenueAccountId, long version) {
    }

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
