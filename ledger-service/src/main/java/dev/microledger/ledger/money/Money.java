package dev.microledger.ledger.money;

import java.util.Objects;

/**
 * An exact amount: integer minor units of one currency. Sums are made by the aggregates on
 * {@code long}s with {@link Math#addExact}, so an overflow is an {@link ArithmeticException}, never a
 * silently wrapped balance.
 */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public boolean isPositive() {
        return amountMinor > 0;
    }
}
