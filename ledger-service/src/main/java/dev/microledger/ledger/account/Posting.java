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
        Instant occurredAt,
        EntryKind kind,
        String refundOf) {

    /** One side of a plain payment. */
    public Posting(String transferId, String counterpartyAccountId, Money amount, String category,
                   String description, Instant occurredAt) {
        this(transferId, counterpartyAccountId, amount, category, description, occurredAt, EntryKind.PAYMENT, null);
    }
}
