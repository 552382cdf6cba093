package dev.microledger.ledger.account;

import java.time.Instant;

/** Money arrived on the account as the credit side of a transfer; the debit side is committed with it. */
public record AccountCreditedEvent(
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

    public AccountCreditedEvent {
        if (kind == null) {
            // Events stored before entries had a kind are plain payments.
            kind = EntryKind.PAYMENT;
        }
    }
}
