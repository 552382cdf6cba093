package dev.microledger.query.entry;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An account's entries, newest first, a page at a time. */
@RestController
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

    @Operation(summary = "An account's entries, newest first, one page at a time")
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
