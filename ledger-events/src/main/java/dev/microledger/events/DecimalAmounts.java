package dev.microledger.events;

/**
 * Exact conversion between decimal strings in major units ("0.0025") and integer minor units
 * at a fixed scale. Amounts on the wire are decimal strings so that no consumer ever has to
 * trust a binary floating point number; inside a service they are {@code long} minor units.
 */
public final class DecimalAmounts {

    /** The largest scale any currency may have; 10^18 still fits in a {@code long}. */
    public static final int SCALE_MAX = 18;

    /** Longer strings cannot hold a {@code long} amount at any scale, so they are rejected before any work. */
    private static final int TEXT_LENGTH_MAX = 40;

    private DecimalAmounts() {
    }

    /** Renders minor units in plain notation, e.g. (2500, 6) as "0.0025" and (-150, 2) as "-1.5". */
    public static String format(long amountMinor, int scale) {
        checkScale(scale);
        if (scale == 0) {
            return Long.toString(amountMinor);
        }
        boolean negative = amountMinor < 0;
        // Long.MIN_VALUE has no positive counterpart, so work on the unsigned digits of the value.
        String digits = negative ? Long.toString(amountMinor).substring(1) : Long.toString(amountMinor);
        if (digits.length() <= scale) {
            digits = "0".repeat(scale - digits.length() + 1) + digits;
        }
        String integerPart = digits.substring(0, digits.length() - scale);
        String fractionPart = stripTrailingZeros(digits.substring(digits.length() - scale));
        StringBuilder text = new StringBuilder(digits.length() + 2);
        if (negative) {
            text.append('-');
        }
        text.append(integerPart);
        if (!fractionPart.isEmpty()) {
            text.append('.').append(fractionPart);
        }
        return text.toString();
    }

    /**
     * Parses a plain decimal string, optionally with a leading minus sign, into minor units.
     * No exponent, no plus sign, no grouping, digits on both sides of the point.
     *
     * @throws AmountFormatException with the reason why the text is not an exact amount
     */
    public static long parse(String text, int scale) {
        checkScale(scale);
        if (text == null || text.isEmpty() || text.length() > TEXT_LENGTH_MAX) {
            throw new AmountFormatException(AmountFormatException.Reason.INVALID, text);
        }
        boolean negative = text.charAt(0) == '-';
        String unsigned = negative ? text.substring(1) : text;
        int point = unsigned.indexOf('.');
        String integerPart = point < 0 ? unsigned : unsigned.substring(0, point);
        String fractionPart = point < 0 ? "" : unsigned.substring(point + 1);
        if (!isDigits(integerPart) || (point >= 0 && !isDigits(fractionPart))) {
            throw new AmountFormatException(AmountFormatException.Reason.INVALID, text);
        }
        if (fractionPart.length() > scale) {
            throw new AmountFormatException(AmountFormatException.Reason.PRECISION_EXCEEDED, text);
        }
        try {
            // Accumulate downwards: the negative range of a long is one larger than the positive one.
            long negated = 0;
            for (int i = 0; i < integerPart.length(); i++) {
                negated = Math.subtractExact(Math.multiplyExact(negated, 10), integerPart.charAt(i) - '0');
            }
            for (int i = 0; i < scale; i++) {
                int digit = i < fractionPart.length() ? fractionPart.charAt(i) - '0' : 0;
                negated = Math.subtractExact(Math.multiplyExact(negated, 10), digit);
            }
            return negative ? negated : Math.negateExact(negated);
        } catch (ArithmeticException overflow) {
            throw new AmountFormatException(AmountFormatException.Reason.OUT_OF_RANGE, text);
        }
    }

    private static boolean isDigits(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingZeros(String fraction) {
        int end = fraction.length();
        while (end > 0 && fraction.charAt(end - 1) == '0') {
            end--;
        }
        return fraction.substring(0, end);
    }

    private static void checkScale(int scale) {
        if (scale < 0 || scale > SCALE_MAX) {
            throw new IllegalArgumentException("scale must be between 0 and " + SCALE_MAX + ": " + scale);
        }
    }
}
