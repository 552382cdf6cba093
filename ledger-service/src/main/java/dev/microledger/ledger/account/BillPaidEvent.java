package dev.microledger.ledger.account;

import java.time.Instant;

/** {@code amountMinor} arrived for the bill (the credit entry of {@code paymentId} comes just before). */
public record BillPaidEvent(String accountId, String currency, String billId, String paymentId, long amountMinor,
                            long amountPaidMinor, long amountDueMinor, Instant occurredAt) {

    public boolean paidInFull() {
        return amountPaidMinor >= amountDueMinor;
    }
}
