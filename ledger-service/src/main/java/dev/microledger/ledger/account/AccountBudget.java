package dev.microledger.ledger.account;

import java.math.BigDecimal;
import java.util.List;

/** A monthly spending target; it never blocks a payment. Thresholds are shares of it, e.g. 0.8. */
public record AccountBudget(long monthlyMinor, List<BigDecimal> alertThresholds) {

    public AccountBudget {
        alertThresholds = alertThresholds.stream().map(BigDecimal::stripTrailingZeros).toList();
    }
}
