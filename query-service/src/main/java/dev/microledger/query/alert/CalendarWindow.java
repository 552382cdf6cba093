package dev.microledger.query.alert;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What an account used in the current calendar day and month of its time zone, kept the way the
 * ledger keeps the usage its limits are checked against: only the current day and month, a new
 * day or month starting from zero, usage given back only while its day or month is still the
 * current one, and a time zone change carrying the current usage over to the day and month the
 * new zone is in.
 * <p>
 * Sums saturate at the top of the range of a long instead of failing: usage that large is as good
 * as unlimited for every comparison made with it, and an exception here would stop the projection.
 */
final class CalendarWindow {

    LocalDate day;
    long dayMinor;
    YearMonth month;
    long monthMinor;

    CalendarWindow(LocalDate day, long dayMinor, YearMonth month, long monthMinor) {
        if (dayMinor < 0 || monthMinor < 0) {
            throw new IllegalStateException("usage is negative: " + dayMinor + ", " + monthMinor);
        }
        this.day = day;
        this.dayMinor = dayMinor;
        this.month = month;
        this.monthMinor = monthMinor;
    }

    static CalendarWindow empty() {
        return new CalendarWindow(null, 0, null, 0);
    }

    long onDay(LocalDate date) {
        return date.equals(day) ? dayMinor : 0;
    }

    long inMonth(YearMonth yearMonth) {
        return yearMonth.equals(month) ? monthMinor : 0;
    }

    /** Counts {@code amountMinor} on {@code date}, starting a new day or month when the date is in another. */
    void add(long amountMinor, LocalDate date) {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("a negative amount cannot be added to usage: " + amountMinor);
        }
        if (!date.equals(day)) {
            day = date;
            dayMinor = 0;
        }
        YearMonth yearMonth = YearMonth.from(date);
        if (!yearMonth.equals(month)) {
            month = yearMonth;
            monthMinor = 0;
        }
        dayMinor = saturatedAdd(dayMinor, amountMinor);
        monthMinor = saturatedAdd(monthMinor, amountMinor);
    }

    /** Gives back usage counted on {@code countedOn}, if that day or month is still the current one. */
    void giveBack(long amountMinor, LocalDate countedOn) {
        if (amountMinor <= 0) {
            return;
        }
        if (countedOn.equals(day)) {
            dayMinor = Math.max(0, dayMinor - amountMinor);
        }
        if (YearMonth.from(countedOn).equals(month)) {
            monthMinor = Math.max(0, monthMinor - amountMinor);
        }
    }

    /**
     * Moves to another time zone: {@code oldDate} and {@code newDate} are the same instant's date in
     * the old and the new zone. The current day's and month's usage is carried over; usage of a
     * day or month that was no longer current is dropped, as it would have been on the next use.
     */
    void rezone(LocalDate oldDate, LocalDate newDate) {
        boolean dayCurrent = oldDate.equals(day);
        boolean monthCurrent = YearMonth.from(oldDate).equals(month);
        day = dayCurrent ? newDate : null;
        month = monthCurrent ? YearMonth.from(newDate) : null;
        if (!dayCurrent) {
            dayMinor = 0;
        }
        if (!monthCurrent) {
            monthMinor = 0;
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Both are non-negative, so an overflow shows as a negative sum.
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
