package dev.microledger.query.account;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Accounts as projected: one account's balances, and finding accounts. */
@RestController
class AccountController {

    private final AccountLookup accounts;
    private final AccountSearch search;

    AccountController(AccountLookup accounts, AccountSearch search) {
        this.accounts = accounts;
        this.search = search;
    }

    /** An account in a list: what {@code GET /accounts/{accountId}} shows, and when it was opened. */
    record ListedAccount(@JsonUnwrapped AccountResponse account, Instant openedAt) {
    }

    record AccountList(List<ListedAccount> accounts, String nextCursor) {
    }

    @Operation(summary = "Find accounts: by kind, status, currency, id prefix and opening time, in id order, a page "
            + "at a time", description = "Pass nextCursor back as cursor for the next page; it is null on the last.")
    @GetMapping("/accounts")
    public AccountList find(
            @Parameter(description = "USER, MERCHANT or SYSTEM") @RequestParam(required = false) String kind,
            @Parameter(description = "OPEN, FROZEN or CLOSED") @RequestParam(required = false) String status,
            @Parameter(description = "A currency code such as USD") @RequestParam(required = false) String currency,
            @Parameter(description = "The start of the account id") @RequestParam(required = false) String idPrefix,
            @Parameter(description = "Opened at or after: a date (from its UTC midnight) or an instant")
            @RequestParam(required = false) String openedFrom,
            @Parameter(description = "Opened before: a date (up to its end, UTC) or an instant")
            @RequestParam(required = false) String openedTo,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "Most accounts, 1 to " + AccountSearch.LIMIT_MAX + "; "
                    + AccountSearch.LIMIT_DEFAULT + " when absent") @RequestParam(required = false) String limit) {
        int max = RequestChecks.intInRange("limit", limit, AccountSearch.LIMIT_DEFAULT, 1, AccountSearch.LIMIT_MAX);
        AccountSearch.Filter filter = new AccountSearch.Filter(kind, status, currency, idPrefix,
                bound("openedFrom", openedFrom, false), bound("openedTo", openedTo, true));
        AccountSearch.Page page = search.search(filter, cursor, max);
        return new AccountList(page.accounts().stream()
                .map(row -> new ListedAccount(AccountResponse.of(row), row.openedAt())).toList(), page.nextCursor());
    }

    private static Instant bound(String name, String text, boolean endOfDay) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, name + " must be a date such as 2026-11-01 or an "
                    + "instant with its offset such as 2026-11-01T00:00:00Z");
        }
    }

    @Operation(summary = "An account's balance, holds, available funds and version as projected")
    @GetMapping("/accounts/{accountId}")
    public AccountResponse account(@PathVariable String accountId,
                                   @Parameter(description = AccountLookup.MIN_VERSION) @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        return AccountResponse.of(accounts.require(id, RequestChecks.minVersion(minVersion)));
    }
}
