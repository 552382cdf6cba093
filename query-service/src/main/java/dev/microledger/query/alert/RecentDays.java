package dev.microledger.query.alert;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an account spent on each of its recent days before the current one, for the baseline of
 * spending spikes. Only days with spending are kept, and only as many as the trailing window
 * needs, so the text form stays within its column: {@code 2026-11-01=1500000;2026-11-03=2500}.
 */
final class RecentDays {

    /** The trailing window of a spending spike, in days before the current one. */
    static final int WINDOW_DAYS = 30;
    /** Bounds the text: 30 entries of a date, a sign-free long and two separators. */
    static final int TEXT_LENGTH_MAX = 1000;

    private final TreeMap<LocalDate, Long> spentByDay = new TreeMap<>();

    static RecentDays parse(String text) {
        RecentDays days = new RecentDays();
        if (text == null || text.isEmpty()) {
            return days;
        }
        try {
            for (String item : text.split(";", WINDOW_DAYS + 2)) {
                int equals = item.indexOf('=');
                if (equals < 0) {
                    throw new IllegalStateException("recent day " + item + " has no amount");
                }
                long amountMinor = Long.parseLong(item.substring(equals + 1));
                if (amountMinor <= 0) {
                    throw new IllegalStateException("recent day " + item + " has no positive amount");
                }
                days.spentByDay.put(LocalDate.parse(item.substring(0, equals)), amountMinor);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalStateException("recent days are not readable: " + text, e);
        }
        if (days.spentByDay.size() > WINDOW_DAYS + 1) {
            throw new IllegalStateException("more recent days than the window keeps: " + text);
        }
        return days;
    }

    /** Keeps what a day that has just ended spent, and forgets days that fell out of the window. */
    void record(LocalDate day, long spentMinor) {
        if (spentMinor > 0) {
            spentByDay.put(day, spentMinor);
        }
        LocalDate oldestKept = day.minusDays(WINDOW_DAYS);
        spentByDay.headMap(oldestKept, false).clear();
        while (spentByDay.size() > WINDOW_DAYS + 1) {
            spentByDay.pollFirstEntry();
        }
    }

    /** What the {@value #WINDOW_DAYS} days before {@code day} spent together. */
    long trailingSum(LocalDate day) {
        long sum = 0;
        for (long spent : spentByDay.subMap(day.minusDays(WINDOW_DAYS), true, day, false).values()) {
            sum = CalendarWindow.saturatedAdd(sum, spent);
        }
        return sum;
    }

    /** On how many of the {@value #WINDOW_DAYS} days before {@code day} the account spent anything. */
    int daysWithSpending(LocalDate day) {
        return spentByDay.subMap(day.minusDays(WINDOW_DAYS), true, day, false).size();
    }

    String format() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<LocalDate, Long> entry : spentByDay.entrySet()) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(entry.getKey()).append('=').append(entry.getValue());
        }
        return text.toString();
    }
}
