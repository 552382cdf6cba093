package dev.microledger.ledger.account;

import java.time.Instant;

/** An issued bill of a postpaid account, as the account keeps it until it is paid. */
public record Bill(String billId, Instant periodStart, Instant periodEnd, long amountDueMinor, long amountPaidMinor,
                   Instant dueAt) {

    public long outstandingMinor() {
        return amountDueMinor - amountPaidMinor;
    }

    public boolean paid() {
        return amountPaidMinor >= amountDueMinor;
    }

    /** Whether the bill is unpaid past its due time at {@code at}. */
    boolean overdueAt(Instant at) {
        return !paid() && !at.isBefore(dueAt);
    }

    Bill plus(long paymentMinor) {
        return new Bill(billId, periodStart, periodEnd, amountDueMinor, Math.addExact(amountPaidMinor, paymentMinor),
                dueAt);
    }
}
