package dev.microledger.ledger.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayDeque;

/**
 * What an account paid out in the current calendar day and month of its time zone, and when its
 * most recent payments were: the usage its spending limits are checked against. It is part of
 * the account's state, changed only by its events and with the events' own times, so loading an
 * account from its events or its snapshot gives the same usage.
 * <p>
 * Only the current day and month are kept. A time zone change carries the current usage over
 * to the day and month the new zone is in at that moment: a change never frees budget.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class SpendingWindows {

    static final long MINUTE_MILLIS = 60_000;

    private String zone = AccountLimits.DEFAULT_TIMEZONE;
    private String day;
    private long daySpentMinor;
    private String month;
    private long monthSpentMinor;
    /** Epoch milliseconds of the latest payments, oldest first; only as many as a velocity limit needs. */
    private ArrayDeque<Long> recentPayments = new ArrayDeque<>();

    long spentOnDayOf(Instant at) {
        return dateOf(at).toString().equals(day) ? daySpentMinor : 0;
    }

    long spentInMonthOf(Instant at) {
        return YearMonth.from(dateOf(at)).toString().equals(month) ? monthSpentMinor : 0;
    }

    /** Payments in the 60 seconds up to {@code at}, counting at most as many as are kept. */
    int paymentsInMinuteBefore(Instant at) {
        long from = at.toEpochMilli() - MINUTE_MILLIS;
        int count = 0;
        for (long time : recentPayments) {
            if (time > from) {
                count++;
            }
        }
        return count;
    }

    /** Counts a payment made at {@code at}; keeps the times of the last {@code recentKept} payments. */
    void add(long amountMinor, Instant at, int recentKept) {
        // Applied to every payment an account makes, also when it is loaded: one date conversion.
        LocalDate date = dateOf(at);
        String today = date.toString();
        if (!today.equals(day)) {
            day = today;
            daySpentMinor = 0;
        }
        String thisMonth = YearMonth.from(date).toString();
        if (!thisMonth.equals(month)) {
            month = thisMonth;
            monthSpentMinor = 0;
        }
        daySpentMinor = Math.addExact(daySpentMinor, amountMinor);
        monthSpentMinor = Math.addExact(monthSpentMinor, amountMinor);
        recentPayments.addLast(at.toEpochMilli());
        keepRecent(recentKept);
    }

    /**
     * Gives back usage counted at {@code countedAt} that did not turn into a payment (a hold
     * voided, expired or posted for less), if that day or month is still the current one.
     */
    void giveBack(long amountMinor, Instant countedAt) {
        if (amountMinor <= 0) {
            return;
        }
        LocalDate date = dateOf(countedAt);
        if (date.toString().equals(day)) {
            daySpentMinor = Math.max(0, daySpentMinor - amountMinor);
        }
        if (YearMonth.from(date).toString().equals(month)) {
            monthSpentMinor = Math.max(0, monthSpentMinor - amountMinor);
        }
    }

    /** Moves to another time zone at {@code at}, carrying the usage of the current day and month over. */
    void rezone(String newZone, Instant at, int recentKept) {
        LocalDate oldDate = dateOf(at);
        boolean dayCurrent = oldDate.toString().equals(day);
        boolean monthCurrent = YearMonth.from(oldDate).toString().equals(month);
        zone = newZone;
        LocalDate newDate = dateOf(at);
        day = dayCurrent ? newDate.toString() : null;
        month = monthCurrent ? YearMonth.from(newDate).toString() : null;
        if (!dayCurrent) {
            daySpentMinor = 0;
        }
        if (!monthCurrent) {
            monthSpentMinor = 0;
        }
        keepRecent(recentKept);
    }

    private void keepRecent(int recentKept) {
        while (recentPayments.size() > recentKept) {
            recentPayments.removeFirst();
        }
    }

    private LocalDate dateOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneId.of(zone));
    }
}
