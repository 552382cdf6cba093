package dev.microledger.ledger.account;

import java.time.Instant;

/**
 * A payment from the account was refused for a reason the payer may want to know about
 * (insufficient funds, a limit, a frozen account). Nothing else changes: the balance stays and
 * the transfer id stays free for a retry.
 */
public record PaymentDeclinedEvent(
        String accountId,
        String transferId,
        String counterpartyAccountId,
        long amountMinor,
        String currency,
        String category,
        String reason,
        String limit,
        String layer,
        Instant occurredAt) {
}
