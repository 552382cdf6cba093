package dev.microledger.ledger.account;

import java.time.Instant;

/**
 * A hold ended: its whole {@code amountMinor} is no longer held. When posted, {@code postedMinor}
 * of it moves in the debit entry committed right after; the rest is released.
 */
public record HoldReleasedEvent(
        String accountId,
        String transferId,
        long amountMinor,
        long postedMinor,
        String currency,
        HoldEndReason reason,
        Instant occurredAt) {
}
