package dev.microledger.events;

/**
 * A hold on this account ended and its whole {@code amount} is no longer held. {@code reason} is
 * {@code POSTED}, {@code VOIDED} or {@code EXPIRED}. When posted, {@code posted} (at most
 * {@code amount}) is the part that moves: the debit entry of the same transfer follows in the
 * same commit. Otherwise {@code posted} is {@code "0"}.
 */
public record HoldReleased(
        String accountId,
        long sequence,
        String transferId,
        String amount,
        String posted,
        String currency,
        int scale,
        String reason) implements LedgerEventData {
}
