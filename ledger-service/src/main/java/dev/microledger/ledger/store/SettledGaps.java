package dev.microledger.ledger.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Up to which position of the event store no transaction can commit any more, so that a gap
 * there (a position the publisher passed before its transaction committed) is settled: filled,
 * or empty for good.
 * <p>
 * Positions come from one sequence, in the order transactions ask for them. When the event at a
 * position is seen committed, every position below it had been taken by then, by a transaction
 * that had begun by then. The server ends every transaction of the ledger within the transaction
 * timeout ({@link EventStoreProperties}), so once the gap timeout has passed since that sighting,
 * every position below it is settled. Nothing here reads a clock of the database or an event's
 * own time: only this JVM's monotonic clock, between the sighting and now.
 * <p>
 * Sightings are kept at most {@value #SIGHTINGS_PER_TIMEOUT} per gap timeout; one that comes
 * sooner after the last is left out, which only lets gaps settle a little later.
 */
final class SettledGaps {

    static final int SIGHTINGS_PER_TIMEOUT = 16;

    private record Sighting(long seenNanos, long index) {
    }

    private final long gapTimeoutNanos;
    private final long sightingIntervalNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Sighting> sightings = new ArrayDeque<>(SIGHTINGS_PER_TIMEOUT + 1);
    /** Every position at or below it is settled; -1 while none is known to be. */
    private long settledIndex = -1;

    /**
     * @param gapTimeout how long after a sighting the positions below it are settled
     * @param nanoClock a monotonic clock, as {@link System#nanoTime()}
     */
    SettledGaps(Duration gapTimeout, LongSupplier nanoClock) {
        if (gapTimeout.isNegative() || gapTimeout.isZero()) {
            throw new IllegalArgumentException("the gap timeout must be positive, got " + gapTimeout);
        }
        this.gapTimeoutNanos = gapTimeout.toNanos();
        this.sightingIntervalNanos = gapTimeoutNanos / SIGHTINGS_PER_TIMEOUT;
        this.nanoClock = nanoClock;
    }

    /**
     * Records that the event at {@code index} has been seen committed. Call it after the read that
     * saw it has returned, never before.
     */
    synchronized void committedSeen(long index) {
        long now = nanoClock.getAsLong();
        settle(now);
        Sighting last = sightings.peekLast();
        if (index <= settledIndex || last != null
                && (index <= last.index() || now - last.seenNanos() < sightingIntervalNanos)) {
            return;
        }
        sightings.addLast(new Sighting(now, index));
        assert sightings.size() <= SIGHTINGS_PER_TIMEOUT + 1 : "sightings outlived the gap timeout";
    }

    /**
     * @return the position at or below which every gap is settled, or -1. Take it before the read
     *     that looks at the gaps: a gap that read does not find filled is then empty for good.
     */
    synchronized long settledIndex() {
        settle(nanoClock.getAsLong());
        return settledIndex;
    }

    private void settle(long now) {
        while (!sightings.isEmpty() && now - sightings.peekFirst().seenNanos() >= gapTimeoutNanos) {
            long index = sightings.pollFirst().index();
            assert index > settledIndex : "sightings are kept in increasing order";
            settledIndex = index;
        }
    }
}
