package dev.microledger.events;

/**
 * A payment from this account was refused: the balance is unchanged and the transfer id was not
 * used up. {@code reason} is the API's error code ({@code insufficient_funds},
 * {@code limit_exceeded}, {@code account_frozen}); for a limit, {@code limit} and {@code layer}
 * name which one ({@code perTransfer}, {@code daily}, {@code monthly}, {@code perMinuteCount};
 * {@code account} or {@code system}).
 */
public record PaymentDeclined(
        String accountId,
        long sequence,
        String transferId,
        String counterpartyAccountId,
        String amount,
        String currency,
        int scale,
        String category,
        String reason,
        String limit,
        String layer) implements LedgerEventData {
}
