package dev.microledger.query.entry;

import java.time.Instant;
import java.util.List;

/**
 * One page of an account's entries, newest first; {@code nextCursor} is null on the last page.
 * Beyond the contract's fields each entry carries its {@code sequence} (the account's version
 * right after it), its {@code description}, its {@code kind} ({@code PAYMENT}, {@code HOLD},
 * {@code HOLD_CAPTURE} or {@code REFUND}) and, for a refund, {@code refundOf}: the refunded
 * transfer. A {@code HOLD} entry moves no money: its status is the hold's ({@code PENDING}, then
 * {@code POSTED}, {@code VOIDED} or {@code EXPIRED}) and its balance after is the balance it saw.
 * {@code actor} is who caused the entry: the id of the API key (never the key), {@code token:<subject>}
 * for a bearer token, or one of the ledger's own actors; null for entries from before actors were
 * recorded.
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
            long sequence,
            String kind,
            String refundOf,
            String actor) {
    }
}
