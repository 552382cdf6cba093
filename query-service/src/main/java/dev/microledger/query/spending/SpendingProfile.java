package dev.microledger.query.spending;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * What a spending summary needs of {@code spending_account}: the account's time zone (UTC until
 * limits name another), its amount limits and monthly budget (null when not set), and what its
 * current day and month used against the limits, as the ledger counts it.
 */
public record SpendingProfile(
        ZoneId zone,
        Long perTransferMinor,
        Long dailyMinor,
        Long monthlyMinor,
        Long budgetMonthlyMinor,
        LocalDate limitDay,
        long limitDayUsedMinor,
        YearMonth limitMonth,
        long limitMonthUsedMinor) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    /** An account that has set nothing and paid nothing yet. */
    static SpendingProfile none() {
        return new SpendingProfile(DEFAULT_ZONE, null, null, null, null, null, 0, null, 0);
    }

    /** What the limits count as used on {@code day}: nothing unless it is the day last used. */
    long limitUsedOnDay(LocalDate day) {
        return day.equals(limitDay) ? limitDayUsedMinor : 0;
    }

    long limitUsedInMonth(YearMonth month) {
        return month.equals(limitMonth) ? limitMonthUsedMinor : 0;
    }
}
