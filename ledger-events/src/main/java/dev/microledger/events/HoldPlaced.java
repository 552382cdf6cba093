package dev.microledger.events;

import java.time.Instant;

/**
 * Funds were reserved on this (paying) account for a pending transfer. The balance is unchanged;
 * the amount is held until the hold is posted, voided or expires at {@code expiresAt}.
 */
public record HoldPlaced(
        String accountId,
        long sequence,
        String transferId,
        String counterpartyAccountId,
        String amount,
        String currency,
        int scale,
        String category,
        String description,
        Instant expiresAt) implements LedgerEventData {
}
