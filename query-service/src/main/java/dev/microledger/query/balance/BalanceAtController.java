package dev.microledger.query.balance;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.web.CalendarParameters;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.OptionalLong;

/** An account's balance at a past instant. */
@RestController
@Tag(name = "Accounts", description = "Accounts as projected: balances, holds and finding accounts (roles support and analyst)")
class BalanceAtController {

    private final AccountLookup accounts;
    private final BalanceHistory history;

    BalanceAtController(AccountLookup accounts, BalanceHistory history) {
        this.accounts = accounts;
        this.history = history;
    }

    /** The body: the balance once every entry at or before {@code at} was applied. */
    record BalanceAt(String accountId, Instant at, String balance) {
    }

    @Operation(description = "at is required: an ISO-8601 instant. minVersion waits as on GET /accounts/{accountId}. Roles: support or analyst.",
            summary = "The account's balance at an instant: after its last entry at or before it, 0 before its first")
    @GetMapping("/accounts/{accountId}/balance-at")
    public BalanceAt balanceAt(@PathVariable String accountId,
                               @Parameter(description = "An ISO-8601 instant, e.g. 2026-11-21T10:00:00Z", required = true)
                               @RequestParam(required = false) String at,
                               @Parameter(description = AccountLookup.MIN_VERSION)
                               @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        OptionalLong version = RequestChecks.minVersion(minVersion);
        Instant instant = CalendarParameters.instant("at", at);
        AccountRow account = accounts.require(id, version);
        return new BalanceAt(id, instant,
                DecimalAmounts.format(history.balanceAtMinor(account, instant), account.scale()));
    }
}
