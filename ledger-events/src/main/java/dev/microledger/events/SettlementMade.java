package dev.microledger.events;

import java.time.Instant;

/**
 * A payout of this merchant account: the payments it received up to {@code cutoff} and not
 * settled before ({@code count} of them, {@code gross} in all), less their {@code fees} and the
 * {@code refunds} it paid, leave {@code net}, which moved to {@code payoutAccountId} in the debit
 * entry of the transfer {@code settlementId} that comes just before, in the same commit.
 */
public record SettlementMade(
        String accountId,
        long sequence,
        String settlementId,
        Instant cutoff,
        long count,
        String gross,
        String fees,
        String refunds,
        String net,
        String currency,
        int scale,
        String payoutAccountId) implements LedgerEventData {
}
