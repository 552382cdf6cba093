package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.ExpectedSettlement;

import java.time.Instant;
import java.util.TreeMap;

/**
 * The planner's model of what one merchant has not been paid out yet, as the ledger keeps it: by
 * minute, the payments received, the fees they paid and the refunds made. A settlement takes every
 * minute whose last movement is at or before its cutoff, and pays out the gross less fees and
 * refunds, but never more than the merchant holds.
 */
final class SettlementModel {

    /** The minutes not settled yet, by their start in epoch seconds. */
    private final TreeMap<Long, Minute> unsettled = new TreeMap<>();

    /** A payment of {@code amountMinor} received at {@code at} that paid {@code feeMinor}. */
    void received(long amountMinor, long feeMinor, Instant at) {
        Minute minute = minuteOf(at);
        minute.count++;
        minute.grossMinor = Math.addExact(minute.grossMinor, amountMinor);
        minute.feesMinor = Math.addExact(minute.feesMinor, feeMinor);
    }

    /** A refund of {@code amountMinor} paid at {@code at}, which gave back {@code feeReturnedMinor} of the fee. */
    void refunded(long amountMinor, long feeReturnedMinor, Instant at) {
        Minute minute = minuteOf(at);
        minute.feesMinor = Math.subtractExact(minute.feesMinor, feeReturnedMinor);
        minute.refundsMinor = Math.addExact(minute.refundsMinor, amountMinor);
    }

    /** What a settlement up to {@code cutoff} pays when the merchant can send {@code availableMinor}; null for nothing. */
    ExpectedSettlement due(Instant cutoff, long availableMinor) {
        long count = 0;
        long gross = 0;
        long fees = 0;
        long refunds = 0;
        boolean any = false;
        for (Minute minute : unsettled.values()) {
            if (minute.lastAt.isAfter(cutoff)) {
                continue;
            }
            any = true;
            count += minute.count;
            gross = Math.addExact(gross, minute.grossMinor);
            fees = Math.addExact(fees, minute.feesMinor);
            refunds = Math.addExact(refunds, minute.refundsMinor);
        }
        long net = Math.min(gross - fees - refunds, availableMinor);
        return any && net > 0 ? new ExpectedSettlement(count, gross, fees, refunds, net) : null;
    }

    /** Forgets the minutes a settlement up to {@code cutoff} took. */
    void settled(Instant cutoff) {
        unsettled.values().removeIf(minute -> !minute.lastAt.isAfter(cutoff));
    }

    private Minute minuteOf(Instant at) {
        Minute minute = unsettled.computeIfAbsent(Math.floorDiv(at.getEpochSecond(), 60) * 60, start -> new Minute());
        if (minute.lastAt == null || at.isAfter(minute.lastAt)) {
            minute.lastAt = at;
        }
        return minute;
    }

    private static final class Minute {
        private long count;
        private long grossMinor;
        private long feesMinor;
        private long refundsMinor;
        private Instant lastAt;
    }
}
