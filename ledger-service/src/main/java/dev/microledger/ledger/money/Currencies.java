package dev.microledger.ledger.money;

import dev.microledger.events.AmountFormatException;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The configured currencies; turns the decimal strings of the HTTP edge into {@link Money} and back. */
@Component
public class Currencies {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    /** Where a currency has no configured maximum: a millionth of a long's range. */
    static final long DEFAULT_MAX_MINOR = Long.MAX_VALUE / 1_000_000;

    private final Map<String, Integer> scales;
    private final Map<String, Long> transferMaxMinor;
    private final Map<String, Long> creditLimitMaxMinor;

    public Currencies(CurrencyProperties properties, AmountLimitProperties limits) {
        if (properties.currencies() == null || properties.currencies().isEmpty()) {
            throw new IllegalStateException("ledger.currencies must configure at least one currency");
        }
        Map<String, Integer> checked = new TreeMap<>();
        properties.currencies().forEach((code, scale) -> {
            if (!CODE.matcher(code).matches()) {
                throw new IllegalStateException("ledger.currencies: not a three-letter upper-case code: " + code);
            }
            if (scale == null || scale < 0 || scale > DecimalAmounts.SCALE_MAX) {
                throw new IllegalStateException("ledger.currencies." + code + ": scale must be 0.." + DecimalAmounts.SCALE_MAX);
            }
            checked.put(code, scale);
        });
        this.scales = Map.copyOf(checked);
        this.transferMaxMinor = maximums("ledger.amounts.transfer-max", limits.transferMax());
        this.creditLimitMaxMinor = maximums("ledger.amounts.credit-limit-max", limits.creditLimitMax());
    }

    private Map<String, Long> maximums(String property, Map<String, String> configured) {
        Map<String, Long> checked = new TreeMap<>();
        configured.forEach((code, text) -> {
            Integer scale = scales.get(code);
            if (scale == null) {
                throw new IllegalStateException(property + "." + code + ": not a configured currency");
            }
            long minor;
            try {
                minor = DecimalAmounts.parse(text, scale);
            } catch (AmountFormatException e) {
                throw new IllegalStateException(property + "." + code + ": " + e.getMessage(), e);
            }
            if (minor <= 0) {
                throw new IllegalStateException(property + "." + code + " must be positive");
            }
            checked.put(code, minor);
        });
        return Map.copyOf(checked);
    }

    /** The scale of a configured currency, or an {@code unknown_currency} rejection. */
    public int scaleOf(String currency) {
        Integer scale = currency == null ? null : scales.get(currency);
        if (scale == null) {
            throw new LedgerRejection(RejectionCode.UNKNOWN_CURRENCY,
                    "currency '" + currency + "' is not one of " + scales.keySet());
        }
        return scale;
    }

    /** Parses a strictly positive amount such as {@code "0.0025"}, at most the currency's transfer maximum. */
    public Money parsePositive(String field, String text, String currency) {
        Money money = parseNonNegative(field, text, currency);
        if (!money.isPositive()) {
            throw new LedgerRejection(RejectionCode.INVALID_AMOUNT, field + " must be greater than zero");
        }
        return requireAtMost(field, money, transferMaxMinor);
    }

    /** Parses a credit limit: zero or more, at most the currency's credit limit maximum. */
    public Money parseCreditLimit(String field, String text, String currency) {
        return requireAtMost(field, parseNonNegative(field, text, currency), creditLimitMaxMinor);
    }

    private Money requireAtMost(String field, Money money, Map<String, Long> maximums) {
        long max = maximums.getOrDefault(money.currency(), DEFAULT_MAX_MINOR);
        if (money.amountMinor() > max) {
            String maximum = format(max, money.currency());
            throw new LedgerRejection(RejectionCode.INVALID_AMOUNT, field + " is above the largest the ledger accepts in "
                    + money.currency() + ": " + maximum, Map.<String, Object>of("maximum", maximum));
        }
        return money;
    }

    /** Parses an amount that may be zero, such as a credit limit. Never rounds. */
    public Money parseNonNegative(String field, String text, String currency) {
        int scale = scaleOf(currency);
        if (text == null) {
            throw new LedgerRejection(RejectionCode.INVALID_AMOUNT, field + " is required, as a decimal string");
        }
        if (text.startsWith("-")) {
            throw new LedgerRejection(RejectionCode.INVALID_AMOUNT, field + " must not be negative: \"" + text + "\"");
        }
        try {
            return new Money(DecimalAmounts.parse(text, scale), currency);
        } catch (AmountFormatException e) {
            if (e.reason() == AmountFormatException.Reason.PRECISION_EXCEEDED) {
                throw new LedgerRejection(RejectionCode.AMOUNT_PRECISION_EXCEEDED,
                        field + " has more than " + scale + " fractional digits, the scale of " + currency
                                + "; amounts are never rounded: \"" + text + "\"");
            }
            throw new LedgerRejection(RejectionCode.INVALID_AMOUNT, field + ": " + e.getMessage());
        }
    }

    public String format(Money money) {
        return DecimalAmounts.format(money.amountMinor(), scaleOf(money.currency()));
    }

    public String format(long amountMinor, String currency) {
        return DecimalAmounts.format(amountMinor, scaleOf(currency));
    }
}
