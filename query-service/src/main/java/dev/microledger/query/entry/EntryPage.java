package dev.microledger.query.entry;

import java.time.Instant;
import java.util.List;

/**
 * One page of an account's entries, newest first; {@code nextCursor} is null on the last page.
 * Beyond the contract's fields each entry carries its {@code sequence} (the account's version
 * right after it) and its {@code description}.
 */
record EntryPage(List<Entry> entries, String nextCursor) {

    record Entry(
            String transferId,
            String direction,
            String counterpartyAccountId,
            String amount,
            String category,
            String description,
            String status,
            Instant occurredAt,
            String balanceAfter,
            long sequence) {
    }
}
