package dev.microledger.query.spending;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up one period's entries of one account, as they are read: what it spent (DEBIT entries of
 * kind PAYMENT and HOLD_CAPTURE), on which days, in which categories and to whom, and what it
 * received (CREDIT entries of those kinds) and got back in refunds (CREDIT entries of kind
 * REFUND). HOLD entries move no money and REFUND debits are what the account paid back as a
 * payee; neither is spending. Sums are exact and fail rather than wrap.
 */
final class SpendingTally {

    static final String DEBIT = "DEBIT";
    static final String CREDIT = "CREDIT";
    static final String KIND_PAYMENT = "PAYMENT";
    static final String KIND_HOLD_CAPTURE = "HOLD_CAPTURE";
    static final String KIND_REFUND = "REFUND";

    private final LocalDate from;
    /** The instant each day of the period starts, and the end of the last day after them. */
    private final Instant[] dayStarts;
    private final long smallThresholdMinor;

    long spentMinor;
    long paymentCount;
    long largestMinor;
    long smallCount;
    long smallMinor;
    long receivedMinor;
    long refundedMinor;
    final long[] dailyMinor;
    private final Map<String, Totals> byCategory = new HashMap<>();
    private final Map<String, Totals> byPayee = new HashMap<>();

    SpendingTally(LocalDate from, LocalDate to, ZoneId zone, long smallThresholdMinor) {
        int days = Math.toIntExact(to.toEpochDay() - from.toEpochDay() + 1);
        this.from = from;
        this.smallThresholdMinor = smallThresholdMinor;
        this.dailyMinor = new long[days];
        this.dayStarts = new Instant[days + 1];
        for (int day = 0; day <= days; day++) {
            dayStarts[day] = from.plusDays(day).atStartOfDay(zone).toInstant();
        }
    }

    Instant start() {
        return dayStarts[0];
    }

    Instant end() {
        return dayStarts[dayStarts.length - 1];
    }

    /** Whether an entry is a payment the account made: spending. */
    static boolean isPayment(String direction, String kind) {
        return DEBIT.equals(direction) && movedMoney(kind);
    }

    private static boolean movedMoney(String kind) {
        return KIND_PAYMENT.equals(kind) || KIND_HOLD_CAPTURE.equals(kind);
    }

    /** Takes in one entry of the period. */
    void add(String direction, String kind, long amountMinor, String counterpartyAccountId, String category,
             Instant occurredAt) {
        if (CREDIT.equals(direction)) {
            if (movedMoney(kind)) {
                receivedMinor = Math.addExact(receivedMinor, amountMinor);
            } else if (KIND_REFUND.equals(kind)) {
                refundedMinor = Math.addExact(refundedMinor, amountMinor);
            }
            return;
        }
        if (!isPayment(direction, kind)) {
            return;
        }
        int day = dayOf(occurredAt);
        spentMinor = Math.addExact(spentMinor, amountMinor);
        paymentCount++;
        largestMinor = Math.max(largestMinor, amountMinor);
        if (amountMinor <= smallThresholdMinor) {
            smallCount++;
            smallMinor = Math.addExact(smallMinor, amountMinor);
        }
        dailyMinor[day] = Math.addExact(dailyMinor[day], amountMinor);
        byCategory.computeIfAbsent(category, key -> new Totals(key)).add(amountMinor);
        byPayee.computeIfAbsent(counterpartyAccountId, key -> new Totals(key)).add(amountMinor);
    }

    LocalDate date(int day) {
        return from.plusDays(day);
    }

    /** Categories by total, largest first (ties by name, no category first), at most {@code max}. */
    List<Totals> topCategories(int max) {
        return top(byCategory, max);
    }

    /** Payees by total, largest first (ties by account id), at most {@code max}. */
    List<Totals> topPayees(int max) {
        return top(byPayee, max);
    }

    /**
     * The day of the period an entry falls on. The period's entries are a range of sequences whose
     * times lie in it; an entry dated out of order (a clock set back in the ledger) counts on the
     * period's nearest day rather than failing the summary.
     */
    private int dayOf(Instant occurredAt) {
        if (occurredAt.isBefore(dayStarts[0])) {
            return 0;
        }
        if (!occurredAt.isBefore(end())) {
            return dailyMinor.length - 1;
        }
        int found = Arrays.binarySearch(dayStarts, occurredAt);
        // Not found: the insertion point is the next day's start, so the day is the one before it.
        return found >= 0 ? found : -found - 2;
    }

    private static List<Totals> top(Map<String, Totals> totals, int max) {
        List<Totals> sorted = new ArrayList<>(totals.values());
        sorted.sort(Comparator.comparingLong((Totals totalsOf) -> totalsOf.totalMinor).reversed()
                .thenComparing(totalsOf -> totalsOf.key, Comparator.nullsFirst(Comparator.naturalOrder())));
        return sorted.size() <= max ? sorted : List.copyOf(sorted.subList(0, max));
    }

    /** The payments of one category or payee. */
    static final class Totals {
        final String key;
        long totalMinor;
        long count;

        Totals(String key) {
            this.key = key;
        }

        void add(long amountMinor) {
            totalMinor = Math.addExact(totalMinor, amountMinor);
            count++;
        }
    }
}
