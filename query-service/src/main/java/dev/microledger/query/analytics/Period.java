package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The period an analyst query covers: from {@code from} (inclusive) to {@code to} (exclusive),
 * both instants. The parameters take either a date or an instant:
 * <ul>
 *   <li>a date ({@code 2026-11-21}) is a whole UTC day: as {@code from} it starts at that day's
 *       midnight, as {@code to} it ends at the next midnight, so {@code from=2026-11-01&to=2026-11-30}
 *       is all of November;</li>
 *   <li>an instant with its offset ({@code 2026-11-21T10:00:00Z}, {@code 2026-11-21T19:00:00%2B09:00})
 *       is taken as it is, {@code to} exclusive, to the microsecond the projection keeps.</li>
 * </ul>
 * Without {@code to} the period ends at the end of the current UTC day; without {@code from} it
 * starts the default number of days before its end. A period is at most {@code periodDaysMax}
 * days long, and {@code from} may not be after {@code to}.
 */
public record Period(Instant from, Instant to) {

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");
    private static final int TEXT_LENGTH_MAX = 64;
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    public Period {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    public static Period parse(String fromText, String toText, Instant now, int periodDaysDefault, int periodDaysMax) {
        Instant to = toText == null
                ? now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS)
                : parseBound("to", toText, true);
        Instant from = fromText == null
                ? to.minus(periodDaysDefault, ChronoUnit.DAYS)
                : parseBound("from", fromText, false);
        // A date as to names the last day of the period, so a from at its end is after it too.
        boolean toIsDate = toText == null || DATE.matcher(toText).matches();
        if (from.isAfter(to) || (toIsDate && !from.isBefore(to))) {
            String toShown = toText == null ? to + "; without to, the period ends at the end of the current UTC day"
                    : toText;
            throw invalid("from (" + fromText + ") is after to (" + toShown + ")");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(periodDaysMax)) > 0) {
            throw invalid("the period from " + from + " to " + to + " is longer than " + periodDaysMax
                    + " days; ask for at most " + periodDaysMax + " days at a time");
        }
        return new Period(from, to);
    }

    private static Instant parseBound(String name, String text, boolean endOfDay) {
        if (text.length() > TEXT_LENGTH_MAX) {
            throw invalid(name + " is longer than " + TEXT_LENGTH_MAX + " characters");
        }
        Instant instant = DATE.matcher(text).matches() ? parseDate(name, text, endOfDay) : parseInstant(name, text);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw invalid(name + " must lie between 1970-01-01 and 9999-01-01: \"" + text + "\"");
        }
        return instant;
    }

    private static Instant parseDate(String name, String text, boolean endOfDay) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " is not a date of the calendar: \"" + text + "\"");
        }
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant parseInstant(String name, String text) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            String hint = text.indexOf(' ') >= 0 ? " (a + in the offset must be sent as %2B)" : "";
            throw invalid(name + " must be a date like 2026-11-21 or an instant with its offset like "
                    + "2026-11-21T10:00:00Z" + hint + ": \"" + text + "\"");
        }
        if (time.getNano() % 1_000 != 0) {
            throw invalid(name + " has more than 6 fractional digits of a second; times are kept to the microsecond: \""
                    + text + "\"");
        }
        return time.toInstant();
    }

    private static QueryProblem invalid(String detail) {
        return new QueryProblem(ProblemCode.VALIDATION_FAILED, detail);
    }
}
