package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.BillLine;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planner's model of one postpaid account's billing, as the ledger keeps it (docs/DECISIONS.md):
 * payments and refunds add up per billing period, a calendar month in the time zone of the account's
 * limits that starts where the last bill ended; closing the periods issues a bill per period with
 * lines by merchant and category, due a fixed time after the period's end; an unpaid bill past
 * that time stops the account's payments.
 */
final class BillingModel {

    /** The ledger's default {@code ledger.billing.due-days}, which the launcher keeps. */
    static final Duration DUE_AFTER = Duration.ofDays(14);

    /** Separates merchant and category in a line's key and orders lines as the ledger does. */
    private static final char SEPARATOR = '\n';

    private final String currency;
    /** Periods not billed yet, by start; each one's lines as {count, total} by merchant and category. */
    private final TreeMap<Instant, Period> periods = new TreeMap<>();
    /** Bills not paid in full, by the start of their period. */
    private final Map<Instant, Bill> unpaid = new HashMap<>();
    private Instant billedUntil;

    BillingModel(String currency) {
        this.currency = currency;
    }

    /** A payment ({@code count} 1) or a refund ({@code count} 0, a negative amount) in the period around {@code at}. */
    void add(String merchantAccountId, String category, long count, long amountMinor, Instant at, ZoneId zone) {
        Instant[] bounds = periodAround(at, zone);
        Period period = periods.computeIfAbsent(bounds[0], start -> new Period(start, bounds[1]));
        long[] line = period.lines.computeIfAbsent(merchantAccountId + SEPARATOR + (category == null ? "" : category),
                key -> new long[2]);
        line[0] += count;
        line[1] = Math.addExact(line[1], amountMinor);
    }

    /** Closes every period, the current one ended at {@code now}, and returns the bills issued, oldest first. */
    List<ExpectedBill> closeAll(Instant now) {
        List<ExpectedBill> issued = new ArrayList<>();
        for (Period period : periods.values()) {
            Instant end = period.end;
            if (end.isAfter(now)) {
                end = now.isAfter(period.start) ? now : period.start.plusNanos(1000);
            }
            ExpectedBill bill = new ExpectedBill(period.start, end, period.amountDueMinor(), currency, end.plus(DUE_AFTER),
                    period.lines());
            issued.add(bill);
            if (billedUntil == null || end.isAfter(billedUntil)) {
                billedUntil = end;
            }
            if (bill.amountDueMinor() > 0) {
                unpaid.put(bill.periodStart(), new Bill(bill.amountDueMinor(), bill.dueAt()));
            }
        }
        periods.clear();
        return issued;
    }

    /** What is outstanding on the bill of the period starting at {@code periodStart}; 0 when it is paid or unknown. */
    long outstanding(Instant periodStart) {
        Bill bill = unpaid.get(periodStart);
        return bill == null ? 0 : bill.outstandingMinor;
    }

    void pay(Instant periodStart, long amountMinor) {
        Bill bill = unpaid.get(periodStart);
        if (bill == null || amountMinor <= 0 || amountMinor > bill.outstandingMinor) {
            throw new IllegalStateException("a payment of " + amountMinor + " does not fit the bill of " + periodStart);
        }
        bill.outstandingMinor -= amountMinor;
        if (bill.outstandingMinor == 0) {
            unpaid.remove(periodStart);
        }
    }

    /** Whether a bill is unpaid at or past its due time at {@code at}. */
    boolean overdueAt(Instant at) {
        return unpaid.values().stream().anyMatch(bill -> !at.isBefore(bill.dueAt));
    }

    /** The start and end of the billing period around {@code at}, as the ledger reckons them. */
    private Instant[] periodAround(Instant at, ZoneId zone) {
        Instant from = billedUntil != null && at.isBefore(billedUntil) ? billedUntil : at;
        LocalDate month = LocalDate.ofInstant(from, zone).withDayOfMonth(1);
        Instant monthStart = month.atStartOfDay(zone).toInstant();
        Instant start = billedUntil != null && billedUntil.isAfter(monthStart) ? billedUntil : monthStart;
        return new Instant[] {start, month.plusMonths(1).atStartOfDay(zone).toInstant()};
    }

    private static final class Period {
        private final Instant start;
        private final Instant end;
        private final TreeMap<String, long[]> lines = new TreeMap<>();

        Period(Instant start, Instant end) {
            this.start = start;
            this.end = end;
        }

        /** The lines' total, or nothing when refunds outweigh the payments. */
        long amountDueMinor() {
            long total = 0;
            for (long[] line : lines.values()) {
                total = Math.addExact(total, line[1]);
            }
            return Math.max(0, total);
        }

        List<BillLine> lines() {
            List<BillLine> result = new ArrayList<>(lines.size());
            lines.forEach((key, line) -> {
                int cut = key.indexOf(SEPARATOR);
                String category = key.substring(cut + 1);
                result.add(new BillLine(key.substring(0, cut), category.isEmpty() ? null : category, line[0], line[1]));
            });
            return result;
        }
    }

    private static final class Bill {
        private long outstandingMinor;
        private final Instant dueAt;

        Bill(long outstandingMinor, Instant dueAt) {
            this.outstandingMinor = outstandingMinor;
            this.dueAt = dueAt;
        }
    }
}
