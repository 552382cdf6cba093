package dev.microledger.query.economics;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What an external card charge costs, for the savings report: a rate of the amount plus a fixed
 * part per charge in each currency ({@code query.savings.card-rate}, {@code query.savings.card-fixed.USD}).
 * The defaults are a typical card acquirer's 2.9 % + 0.30 USD and the like in the other currencies.
 */
@ConfigurationProperties("query.savings")
public record CardFeeModel(BigDecimal cardRate, Map<String, BigDecimal> cardFixed) {

    static final BigDecimal RATE_DEFAULT = new BigDecimal("0.029");
    static final Map<String, BigDecimal> FIXED_DEFAULT = Map.of("USD", new BigDecimal("0.30"),
            "EUR", new BigDecimal("0.25"), "GBP", new BigDecimal("0.20"), "KRW", new BigDecimal("300"),
            "JPY", new BigDecimal("40"));

    public CardFeeModel {
        cardRate = cardRate == null ? RATE_DEFAULT : cardRate;
        if (cardRate.signum() < 0 || cardRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("query.savings.card-rate must be a fraction from 0 to 1: " + cardRate);
        }
        cardFixed = cardFixed == null || cardFixed.isEmpty() ? FIXED_DEFAULT : Map.copyOf(cardFixed);
        cardFixed.forEach((currency, fixed) -> {
            if (fixed.signum() < 0) {
                throw new IllegalArgumentException("query.savings.card-fixed." + currency + " is negative");
            }
        });
    }

    /** The fixed part of one charge in {@code currency}; zero for a currency without one. */
    BigDecimal fixedOf(String currency) {
        return cardFixed.getOrDefault(currency, BigDecimal.ZERO);
    }
}
