package dev.microledger.ledger.account;

import java.time.Instant;

/**
 * A merchant's payout: the payments received up to {@code cutoff} not settled before, less their
 * fees and the refunds paid, moved as {@code netMinor} to {@code payoutAccountId} (the debit entry
 * of {@code settlementId} comes just before).
 */
public record SettlementMadeEvent(String accountId, String currency, String settlementId, Instant cutoff, long count,
                                  long grossMinor, long feesMinor, long refundsMinor, long netMinor,
                                  String payoutAccountId, Instant occurredAt) {
}
