package dev.microledger.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads instants written in UTC as {@code 2026-11-22T06:01:02.123456Z}: the form that
 * {@link Instant#toString()}, Jackson and the event store write. Every event carries such a
 * time and is read back several times (by the publisher, by the projections, on a rebuild), and
 * {@link Instant#parse} spends most of its time in the general machinery of
 * {@code DateTimeFormatter}. This reads that one form digit by digit; any other text, valid or
 * not, goes to {@link Instant#parse}, so the result, or the exception, is always the same as
 * {@link Instant#parse}'s.
 */
public final class InstantText {

    /** "yyyy-MM-ddTHH:mm:ssZ" */
    private static final int LENGTH_WITHOUT_FRACTION = 20;
    private static final int FRACTION_DIGITS_MAX = 9;
    private static final int SECONDS_PER_DAY = 86_400;

    private InstantText() {
    }

    /** The instant {@code text} names; throws {@link java.time.format.DateTimeParseException} like {@link Instant#parse}. */
    public static Instant parse(CharSequence text) {
        Instant instant = parseCanonicalOrNull(text);
        return instant != null ? instant : Instant.parse(text);
    }

    /**
     * The instant of text in the one form read here ({@code yyyy-MM-ddTHH:mm:ss}, then a
     * fraction of 1 to 9 digits or none, then {@code Z}), or null for any other text.
     */
    public static Instant parseCanonicalOrNull(CharSequence text) {
        int length = text.length();
        if (length < LENGTH_WITHOUT_FRACTION || length > LENGTH_WITHOUT_FRACTION + 1 + FRACTION_DIGITS_MAX
                || length == LENGTH_WITHOUT_FRACTION + 1) {
            return null;
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            // Includes the leap second 23:59:60, which Instant.parse accepts and smooths away.
            return null;
        }
        int nanos = 0;
        if (length > LENGTH_WITHOUT_FRACTION) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = length - LENGTH_WITHOUT_FRACTION - 1;
            int fraction = digits(text, 20, 20 + fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < FRACTION_DIGITS_MAX; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException notADate) {
            return null;
        }
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The number the ASCII digits in [from, to) spell, or -1 if any is not a digit. */
    private static int digits(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
