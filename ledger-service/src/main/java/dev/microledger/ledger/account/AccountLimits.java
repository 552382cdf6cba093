package dev.microledger.ledger.account;

/**
 * An account's own spending limits on outgoing payments; a null field is no limit. Daily and
 * monthly windows are calendar days and months in {@code timezone}.
 */
public record AccountLimits(
        Long perTransferMinor,
        Long dailyMinor,
        Long monthlyMinor,
        Integer perMinuteCount,
        String timezone) {

    public static final String DEFAULT_TIMEZONE = "UTC";

    public static AccountLimits none() {
        return new AccountLimits(null, null, null, null, DEFAULT_TIMEZONE);
    }
}
