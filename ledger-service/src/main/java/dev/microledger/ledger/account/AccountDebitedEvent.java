package dev.microledger.ledger.account;

import java.time.Instant;

/** Money left the account as the debit side of a transfer; the credit side is committed with it. */
public record AccountDebitedEvent(
        String accountId,
        String transferId,
        String counterpartyAccountId,
        long amountMinor,
        String currency,
        String category,
        String description,
        long balanceAfterMinor,
        Instant occurredAt,
        EntryKind kind,
        String refundOf) {

    public AccountDebitedEvent {
        if (kind == null) {
            // Events stored before entries had a kind are plain payments.
            kind = EntryKind.PAYMENT;
        }
    }
}
