package dev.microledger.ledger.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * {@code ledger.limits.*}: the ledger-wide monthly caps on USER accounts, as decimal strings by
 * currency code, and the most holds one account may have pending.
 */
@ConfigurationProperties("ledger.limits")
public record SpendingLimitProperties(Map<String, String> systemMonthlyCaps, Integer pendingHoldsPerAccountMax) {
}
