package dev.microledger.query.entry;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
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

/** An account's entries, newest first, a page at a time. */
@RestController
@Tag(name = "Entries", description = "Each side of a transfer on one account (roles support and analyst)")
class EntryController {

    static final int PAGE_SIZE_DEFAULT = 100;
    /** The contract's limit for one page. */
    static final int PAGE_SIZE_MAX = 1000;

    private final AccountLookup accounts;
    private final EntryQueries entries;

    EntryController(AccountLookup accounts, EntryQueries entries) {
        this.accounts = accounts;
        this.entries = entries;
    }

    /** From the README's session on holds and refunds. */
    private static final String ENTRIES_EXAMPLE = """
            {"entries":[{"transferId":"sword-1-refund","direction":"CREDIT","counterpartyAccountId":"game-co",\
            "amount":"1","category":"games","description":null,"status":"POSTED","occurredAt":"2026-11-21T22:48:50.629Z",\
            "balanceAfter":"16.01","sequence":7,"kind":"REFUND","refundOf":"sword-1"},{"transferId":"sword-1",\
            "direction":"DEBIT","counterpartyAccountId":"game-co","amount":"3.99","category":"games","description":null,\
            "status":"POSTED","occurredAt":"2026-11-21T22:48:50.253Z","balanceAfter":"15.01","sequence":6,\
            "kind":"HOLD_CAPTURE","refundOf":null}],"nextCursor":"YmVmb3JlOjY"}""";

    @Operation(responses = @ApiResponse(responseCode = "200", description = "A page of entries", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = EntryPage.class),
            examples = @ExampleObject(name = "alice", summary = "The newest two entries of alice", value = ENTRIES_EXAMPLE))),
            description = "Newest first, limit at most 1000; pass nextCursor back as cursor for the next page (null on the "
            + "last). Each entry is one side of a transfer on this account, with the balance after it. minVersion "
            + "waits as on GET /accounts/{accountId}. Roles: support or analyst.",
            summary = "An account's entries, newest first, one page at a time")
    @GetMapping("/accounts/{accountId}/entries")
    public EntryPage entries(@PathVariable String accountId,
                             @Parameter(description = "Entries per page, 1 to 1000; 100 when absent")
                             @RequestParam(required = false) String limit,
                             @Parameter(description = "The nextCursor of the previous page; absent for the newest page")
                             @RequestParam(required = false) String cursor,
                             @Parameter(description = AccountLookup.MIN_VERSION)
                             @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        int pageSize = RequestChecks.intInRange("limit", limit, PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
        long sequenceBelow = cursor == null ? Long.MAX_VALUE : EntryCursor.decode(cursor);
        AccountRow account = accounts.require(id, RequestChecks.minVersion(minVersion));
        return entries.page(account, sequenceBelow, pageSize);
    }
}
