package dev.microledger.ledger.account;

import java.time.Instant;

/** Funds were reserved on the paying account for a pending transfer, until {@code expiresAt}. */
public record HoldPlacedEvent(
        String accountId,
        String transferId,
        String counterpartyAccountId,
        long amountMinor,
        String currency,
        String category,
        String description,
        Instant expiresAt,
        Instant occurredAt) {
}
