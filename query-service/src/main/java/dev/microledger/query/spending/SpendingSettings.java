package dev.microledger.query.spending;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How spending summaries and alerts judge spending. The defaults live in
 * {@code application.properties}.
 *
 * @param smallPaymentThreshold  the largest payment that counts as small ("small payments add up"),
 *                               in major units of the account's currency, e.g. {@code 1.00}
 * @param smallPaymentThresholds the same per currency code where one currency needs its own, e.g.
 *                               {@code KRW=1000}; currencies not named use {@code smallPaymentThreshold}
 * @param paceTolerancePercent   how far, in percent of the monthly budget, spending may run ahead of
 *                               the budget's share for the days elapsed before its pace is AHEAD;
 *                               alerts are projected with it, so changing it changes only alerts
 *                               projected from then on (or all of them after a rebuild)
 */
@ConfigurationProperties(prefix = "query.spending")
public record SpendingSettings(String smallPaymentThreshold, Map<String, String> smallPaymentThresholds,
                               int paceTolerancePercent) {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,18})?");
    private static final int CURRENCY_COUNT_MAX = 1000;

    /** The settings of {@code application.properties}, for projections built outside Spring (tests, tools). */
    public static final SpendingSettings DEFAULTS = new SpendingSettings("1.00", Map.of("KRW", "1000", "JPY", "100"), 10);

    public SpendingSettings {
        requireThreshold("query.spending.small-payment-threshold", smallPaymentThreshold);
        smallPaymentThresholds = smallPaymentThresholds == null ? Map.of() : Map.copyOf(smallPaymentThresholds);
        if (smallPaymentThresholds.size() > CURRENCY_COUNT_MAX) {
            throw new IllegalArgumentException("query.spending.small-payment-thresholds names more than "
                    + CURRENCY_COUNT_MAX + " currencies");
        }
        smallPaymentThresholds.forEach((currency, threshold) ->
                requireThreshold("query.spending.small-payment-thresholds." + currency, threshold));
        if (paceTolerancePercent < 0 || paceTolerancePercent > 100) {
            throw new IllegalArgumentException(
                    "query.spending.pace-tolerance-percent must be between 0 and 100: " + paceTolerancePercent);
        }
    }

    /**
     * The small-payment threshold of a currency in its minor units. A threshold with more fractional
     * digits than the currency has is cut to the currency's precision: "at most 1.005 KRW" and "at
     * most 1.00 KRW" admit the same payments.
     */
    public long smallPaymentThresholdMinor(String currency, int scale) {
        String configured = smallPaymentThresholds.get(currency);
        if (configured == null) {
            configured = smallPaymentThresholds.get(currency.toUpperCase(Locale.ROOT));
        }
        String threshold = configured != null ? configured : smallPaymentThreshold;
        BigDecimal minor = new BigDecimal(threshold).movePointRight(scale).setScale(0, RoundingMode.DOWN);
        // A threshold beyond the range of minor units admits every payment.
        return minor.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : minor.longValueExact();
    }

    private static void requireThreshold(String name, String value) {
        if (value == null || !PLAIN_DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a non-negative plain decimal such as 1.00: " + value);
        }
    }
}
