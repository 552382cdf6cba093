package dev.microledger.events;

/**
 * A payment towards a bill of this account: {@code amount} arrived (the credit entry of the
 * transfer {@code paymentId} comes just before, in the same commit), {@code amountPaid} is what
 * the bill has received in all, and {@code status} is {@code OPEN} or {@code PAID}.
 */
public record BillPaid(
        String accountId,
        long sequence,
        String billId,
        String paymentId,
        String amount,
        String amountPaid,
        String currency,
        int scale,
        String status) implements LedgerEventData {
}
