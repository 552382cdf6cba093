package dev.microledger.bench.load;

/**
 * When each send of an open loop is due: send k at {@code start + k / rate}, computed from the
 * start every time rather than by adding intervals, so rounding never drifts. Latency is measured
 * from these times, not from when a send actually went out: a stalled system then shows in the
 * latency of everything that had to wait, not only in the one request that stalled (no
 * coordinated omission).
 */
public final class RatePacer {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final int ratePerSecond;

    /**
     * @param startNanos    when send 0 is due, in {@link System#nanoTime()} terms
     * @param ratePerSecond sends per second, at most 1,000,000 so no product below can overflow within a day
     */
    public RatePacer(long startNanos, int ratePerSecond) {
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000) {
            throw new IllegalArgumentException("ratePerSecond must be between 1 and 1000000: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
    }

    /** When send {@code sendIndex} (from 0) is due. */
    public long sendNanos(long sendIndex) {
        if (sendIndex < 0) {
            throw new IllegalArgumentException("sendIndex must not be negative: " + sendIndex);
        }
        return startNanos + Math.multiplyExact(sendIndex, NANOS_PER_SECOND) / ratePerSecond;
    }

    /** How many sends are due at or before {@code nowNanos}: send 0 is due at the start. */
    public long sendsDueBy(long nowNanos) {
        long elapsedNanos = nowNanos - startNanos;
        if (elapsedNanos < 0) {
            return 0;
        }
        // The smallest k with sendNanos(k) > now is floor(elapsed * rate / 1e9) + 1, and k counts from 0.
        return Math.multiplyExact(elapsedNanos, (long) ratePerSecond) / NANOS_PER_SECOND + 1;
    }

    /** How many sends are due in {@code [fromNanos, toNanos)}. */
    public long sendsDueBetween(long fromNanos, long toNanos) {
        return Math.max(0, sendsDueBy(toNanos - 1) - sendsDueBy(fromNanos - 1));
    }
}
