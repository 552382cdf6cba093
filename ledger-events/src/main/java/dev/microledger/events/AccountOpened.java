package dev.microledger.events;

/**
 * An account was opened. {@code scale} is the number of fractional digits of the currency, so
 * a consumer can turn every decimal amount of this account into exact minor units.
 */
public record AccountOpened(
        String accountId,
        long sequence,
        String currency,
        int scale,
        String kind,
        String creditLimit) implements LedgerEventData {
}
