package dev.microledger.events;

/**
 * The account's own spending limits on outgoing payments, replacing the previous ones. A null
 * field is no limit. Daily and monthly windows are calendar days and months in {@code timezone}
 * (an IANA zone id).
 */
public record AccountLimitsSet(
        String accountId,
        long sequence,
        String perTransfer,
        String daily,
        String monthly,
        Integer perMinuteCount,
        String timezone) implements LedgerEventData {
}
