package dev.microledger.ledger.money;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * The currencies the ledger accepts and the number of fractional digits each one is kept in.
 * A scale is fixed for the life of the ledger: changing it would change the meaning of every
 * stored amount.
 */
@ConfigurationProperties(prefix = "ledger")
public record CurrencyProperties(Map<String, Integer> currencies) {
}
