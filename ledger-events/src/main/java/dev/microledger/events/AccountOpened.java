package dev.microledger.events;

/**
 * An account was opened. {@code scale} is the number of fractional digits of the currency, so
 * a consumer can turn every decimal amount of this account into exact minor units.
 * {@code displayName} is the name people know the account by (a merchant's "Daily Herald" rather
 * than its id {@code daily-herald}), from the account's metadata; null when it has none.
 */
public record AccountOpened(
        String accountId,
        long sequence,
        String currency,
        int scale,
        String kind,
        String creditLimit,
        String displayName) implements LedgerEventData {

    /** The most code points of a display name. */
    public static final int DISPLAY_NAME_LENGTH_MAX = 128;

    /** An account opened without a display name. */
    public AccountOpened(String accountId, long sequence, String currency, int scale, String kind, String creditLimit) {
        this(accountId, sequence, currency, scale, kind, creditLimit, null);
    }
}
