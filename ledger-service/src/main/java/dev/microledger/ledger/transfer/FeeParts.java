package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.FeeSchedule;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the parts of a fee schedule as a client or the configuration writes them: a rate as a
 * decimal fraction, and the fixed part, minimum and maximum as amounts of the merchant's currency.
 * One reading for {@code PUT /accounts/{id}/fees} and for the ledger's default schedules.
 */
final class FeeParts {

    /** A rate is a plain decimal fraction from 0 to 1 with at most this many fractional digits. */
    static final int RATE_SCALE_MAX = 8;
    private static final Pattern RATE = Pattern.compile("(0|1)(\\.[0-9]{1," + RATE_SCALE_MAX + "})?");

    private FeeParts() {
    }

    /** The schedule these parts describe; every part but the revenue account is optional. */
    static FeeSchedule schedule(String rate, String fixed, String minimum, String maximum, String revenueAccountId,
                                String currency, Currencies currencies) {
        long minimumMinor = amount("minimum", minimum, currency, currencies);
        Long maximumMinor = maximum == null ? null : amount("maximum", maximum, currency, currencies);
        if (maximumMinor != null && maximumMinor < minimumMinor) {
            throw LedgerRejection.invalid("maximum must be at least minimum");
        }
        return new FeeSchedule(rate(rate), amount("fixed", fixed, currency, currencies), minimumMinor, maximumMinor,
                revenueAccountId);
    }

    private static BigDecimal rate(String text) {
        if (text == null) {
            return BigDecimal.ZERO;
        }
        if (!RATE.matcher(text).matches() || new BigDecimal(text).compareTo(BigDecimal.ONE) > 0) {
            throw LedgerRejection.invalid("rate must be a decimal fraction from 0 to 1 (0.05 is 5 %) with at most "
                    + RATE_SCALE_MAX + " fractional digits, as a string");
        }
        return new BigDecimal(text);
    }

    private static long amount(String field, String text, String currency, Currencies currencies) {
        return text == null ? 0 : currencies.parseCreditLimit(field, text, currency).amountMinor();
    }
}
