package dev.microledger.query.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses the calendar parameters of the account-scoped reads (months, dates, instants), with a
 * {@code validation_failed} detail that names the parameter and the form it must have. Years are
 * kept between 1970 and 9999, which every time zone can turn into instants.
 */
public final class CalendarParameters {

    static final int YEAR_MIN = 1970;
    static final int YEAR_MAX = 9999;

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final int INSTANT_LENGTH_MAX = 40;

    private CalendarParameters() {
    }

    /** A month as {@code YYYY-MM}, e.g. {@code 2026-11}. */
    public static YearMonth month(String name, String text) {
        if (text == null || !MONTH.matcher(text).matches()) {
            throw invalid(name + " must be a month as YYYY-MM, e.g. 2026-11: " + shorten(text));
        }
        YearMonth month;
        try {
            month = YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " is not a month of the calendar: " + text);
        }
        checkYear(name, text, month.getYear());
        return month;
    }

    /** A calendar date as {@code YYYY-MM-DD}, e.g. {@code 2026-11-05}. */
    public static LocalDate date(String name, String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            throw invalid(name + " must be a date as YYYY-MM-DD, e.g. 2026-11-05: " + shorten(text));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " is not a date of the calendar: " + text);
        }
        checkYear(name, text, date.getYear());
        return date;
    }

    /** An ISO-8601 instant, in UTC ({@code 2026-11-21T10:00:00Z}) or with an offset ({@code +09:00}). */
    public static Instant instant(String name, String text) {
        if (text == null || text.isEmpty() || text.length() > INSTANT_LENGTH_MAX) {
            throw invalid(name + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z: " + shorten(text));
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // A + left unencoded in a query string arrives as a space.
            String hint = text.indexOf(' ') >= 0 ? " (send the + of an offset as %2B)" : "";
            throw invalid(name + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z: " + text + hint);
        }
        int year = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).getYear();
        checkYear(name, text, year);
        return instant;
    }

    private static void checkYear(String name, String text, int year) {
        if (year < YEAR_MIN || year > YEAR_MAX) {
            throw invalid(name + " must lie in the years " + YEAR_MIN + " to " + YEAR_MAX + ": " + text);
        }
    }

    private static QueryProblem invalid(String detail) {
        return new QueryProblem(ProblemCode.VALIDATION_FAILED, detail);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "absent";
        }
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
