package dev.microledger.ledger.account;

import dev.microledger.ledger.money.Money;

import java.time.Instant;

/** What one side of a transfer needs to know to be applied to an account. */
public record Posting(
        String transferId,
        String counterpartyAccountId,
        Money amount,
        String category,
        String description,
        Instant occurredAt) {
}
