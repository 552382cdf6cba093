package dev.microledger.ledger.transfer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * {@code ledger.fees.defaults.<CURRENCY>.*}: the default fee schedule of each currency, with the
 * parts of {@code PUT /accounts/{id}/fees} as strings ({@code rate}, {@code fixed}, {@code minimum},
 * {@code maximum}, {@code revenue-account-id}). None by default.
 */
@ConfigurationProperties("ledger.fees")
public record FeeDefaultProperties(Map<String, Part> defaults) {

    /** One currency's default schedule. */
    public record Part(String rate, String fixed, String minimum, String maximum, String revenueAccountId) {
    }
}
