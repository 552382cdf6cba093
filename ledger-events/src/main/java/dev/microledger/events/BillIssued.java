package dev.microledger.events;

import java.time.Instant;
import java.util.List;

/**
 * A postpaid account's billing period closed and its bill was issued: what it spent from
 * {@code periodStart} (inclusive) to {@code periodEnd} (exclusive), net of refunds, grouped by
 * merchant and category, due by {@code dueAt}. The bill covers the account's entries from
 * {@code firstSequence} to {@code lastSequence}.
 */
public record BillIssued(
        String accountId,
        long sequence,
        String billId,
        Instant periodStart,
        Instant periodEnd,
        String amountDue,
        String currency,
        int scale,
        Instant dueAt,
        long firstSequence,
        long lastSequence,
        List<Line> lines) implements LedgerEventData {

    public BillIssued {
        lines = List.copyOf(lines);
    }

    /** What the account paid one merchant in one category in the period, net of refunds. */
    public record Line(String merchantAccountId, String category, long count, String total) {
    }
}
