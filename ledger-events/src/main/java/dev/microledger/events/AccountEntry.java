package dev.microledger.events;

/**
 * One side of a transfer on one account: the debit on the paying account or the credit on the
 * receiving one. Both sides of a transfer are committed together; {@code balanceAfter} is the
 * account's balance once this entry is applied.
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
        String balanceAfter) implements LedgerEventData {

    /** Which side of the transfer this entry is. */
    public enum Direction {
        DEBIT,
        CREDIT
    }
}
