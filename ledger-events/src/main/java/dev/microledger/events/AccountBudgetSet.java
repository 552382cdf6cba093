package dev.microledger.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * A monthly spending target for the account, replacing the previous one. It never blocks a
 * payment; {@code alertThresholds} are the shares of {@code monthly} (e.g. 0.8) at which the
 * query side alerts.
 */
public record AccountBudgetSet(
        String accountId,
        long sequence,
        String monthly,
        List<BigDecimal> alertThresholds) implements LedgerEventData {

    public AccountBudgetSet {
        // Without trailing zeros, so 1.0 and 1 are the same threshold on both sides of the wire.
        alertThresholds = alertThresholds.stream().map(BigDecimal::stripTrailingZeros).toList();
    }
}
