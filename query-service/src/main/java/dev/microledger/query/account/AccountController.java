package dev.microledger.query.account;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Accounts", description = "Accounts as projected: balances, holds and finding accounts (roles support and analyst)")
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

    /** From the README's first session. */
    private static final String ACCOUNT_EXAMPLE = """
            {"accountId":"alice","currency":"USD","kind":"USER","status":"OPEN","balance":"4.9975","pending":"0",\
            "available":"4.9975","creditLimit":"0","version":2,"updatedAt":"2026-12-07T17:14:58.145Z"}""";

    @Operation(summary = "Find accounts: by kind, status, currency, id prefix and opening time, in id order, a page "
            + "at a time", description = "Pass nextCursor back as cursor for the next page; it is null on the last. "
            + "Roles: support or analyst.")
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

    @Operation(responses = @ApiResponse(responseCode = "200", description = "The account", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class),
            examples = @ExampleObject(name = "alice", summary = "After a top-up of 5 and a payment of 0.0025",
                    value = ACCOUNT_EXAMPLE))),
            description = "pending is what the account holds for outgoing transfers; available is balance - pending + "
            + "creditLimit. With minVersion (a version from a ledger-service answer) it waits about 2 s for the "
            + "projection to apply it, else 503 projection_behind. Roles: support or analyst.",
            summary = "An account's balance, holds, available funds and version as projected")
    @GetMapping("/accounts/{accountId}")
    public AccountResponse account(@PathVariable String accountId,
                                   @Parameter(description = AccountLookup.MIN_VERSION) @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        return AccountResponse.of(accounts.require(id, RequestChecks.minVersion(minVersion)));
    }
}
