package dev.microledger.events;

/**
 * One side of a transfer on one account: the debit on the paying account or the credit on the
 * receiving one. Both sides of a transfer are committed together; {@code balanceAfter} is the
 * account's balance once this entry is applied. {@code refundOf} is set on the entries of a refund
 * and names the refunded transfer; {@code transferId} is then the refund's id.
 */
public record AccountEntry(
        String accountId,
        long sequence,
        Direction direction,
        String transferId,
        String counterpartyAccountId,
        String amount,
        String currency,
        int scale,
        String category,
        String description,
        String balanceAfter,
        Kind kind,
        String refundOf) implements LedgerEventData {

    /** An entry of a plain payment (the usual case). */
    public AccountEntry(String accountId, long sequence, Direction direction, String transferId,
                        String counterpartyAccountId, String amount, String currency, int scale, String category,
                        String description, String balanceAfter) {
        this(accountId, sequence, direction, transferId, counterpartyAccountId, amount, currency, scale, category,
                description, balanceAfter, Kind.PAYMENT, null);
    }

    public AccountEntry {
        if (kind == null) {
            kind = Kind.PAYMENT;
        }
    }

    /** What moved the money. */
    public enum Kind {
        /** A transfer posted at once. */
        PAYMENT,
        /** A pending transfer (hold) that was posted: the hold's release comes just before it. */
        HOLD_CAPTURE,
        /** A refund of the transfer {@code refundOf}, flowing back from its payee to its payer. */
        REFUND,
        /**
         * The fee of the payment {@code transferId}, from the merchant to the revenue account of its
         * fee schedule; with {@code refundOf} set, the part of it a refund gave back.
         */
        FEE,
        /** A payment towards a bill of a postpaid account; the {@link BillPaid} after it names the bill. */
        BILL_PAYMENT,
        /** A merchant's payout to its payout account ({@code transferId} is the settlement's id). */
        SETTLEMENT
    }

    /** Which side of the transfer this entry is. */
    public enum Direction {
        DEBIT,
        CREDIT
    }
}
