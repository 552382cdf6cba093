package dev.microledger.query.spending;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * What the projection knows of an account's spending policy, from {@code spending_account}: its
 * time zone (UTC until limits name another), its limits and budget (null when not set), and what
 * its current day and month used against the limits, as the ledger counts it.
 */
public record SpendingProfile(
        ZoneId zone,
        Long perTransferMinor,
        Long dailyMinor,
        Long monthlyMinor,
        Integer perMinuteCount,
        Long budgetMonthlyMinor,
        List<BigDecimal> budgetAlertThresholds,
        LocalDate limitDay,
        long limitDayUsedMinor,
        YearMonth limitMonth,
        long limitMonthUsedMinor) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    /** An account that has set nothing and paid nothing yet. */
    static SpendingProfile none() {
        return new SpendingProfile(DEFAULT_ZONE, null, null, null, null, null, List.of(), null, 0, null, 0);
    }

    /** What the limits count as used on {@code day}: nothing unless it is the day last used. */
    long limitUsedOnDay(LocalDate day) {
        return day.equals(limitDay) ? limitDayUsedMinor : 0;
    }

    long limitUsedInMonth(YearMonth month) {
        return month.equals(limitMonth) ? limitMonthUsedMinor : 0;
    }
}
