package dev.microledger.ledger.account;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * When a merchant is paid out by itself, to which SYSTEM account, and the least payout worth a
 * transfer: below {@code minimumMinor} the money waits for the next settlement.
 *
 * @param frequency        daily, weekly (Mondays) or monthly (the 1st), at midnight in {@code timezone}
 * @param payoutAccountId  the SYSTEM account, of the merchant's currency, that receives the payouts
 * @param minimumMinor     the least payout, in minor units; 0 for any
 * @param timezone         an IANA time zone id
 */
public record PayoutSchedule(Frequency frequency, String payoutAccountId, long minimumMinor, String timezone) {

    public enum Frequency {
        DAILY,
        WEEKLY,
        MONTHLY
    }

    public PayoutSchedule {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(payoutAccountId, "payoutAccountId");
        Objects.requireNonNull(timezone, "timezone");
        if (minimumMinor < 0) {
            throw new IllegalArgumentException("a minimum payout is not negative");
        }
    }

    /** The first cutoff of this schedule after {@code at}. */
    public Instant nextCutoffAfter(Instant at) {
        ZoneId zone = ZoneId.of(timezone);
        LocalDate day = LocalDate.ofInstant(at, zone);
        LocalDate next = switch (frequency) {
            case DAILY -> day.plusDays(1);
            case WEEKLY -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1).plusMonths(1);
        };
        return next.atStartOfDay(zone).toInstant();
    }

    /** The last cutoff of this schedule at or before {@code at}. */
    public Instant lastCutoffAtOrBefore(Instant at) {
        ZoneId zone = ZoneId.of(timezone);
        LocalDate day = LocalDate.ofInstant(at, zone);
        LocalDate last = switch (frequency) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
        };
        return last.atStartOfDay(zone).toInstant();
    }
}
