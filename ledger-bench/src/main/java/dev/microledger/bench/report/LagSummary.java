package dev.microledger.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Projection lag: from the ledger's acknowledgement of a transfer until query-service shows the
 * credit account at the version the acknowledgement named.
 *
 * @param samples  sampled transfers that became visible
 * @param timeouts sampled transfers not visible within the probe's deadline (10 s)
 * @param skipped  transfers due for a sample while every probe was busy
 */
public record LagSummary(long samples, double p50Millis, double p99Millis, double maxMillis, long timeouts, long skipped) {

    private static final double MICROS_PER_MILLI = 1000.0;

    public static LagSummary of(Histogram micros, long timeouts, long skipped) {
        if (micros.getTotalCount() == 0) {
            return new LagSummary(0, 0, 0, 0, timeouts, skipped);
        }
        return new LagSummary(micros.getTotalCount(),
                micros.getValueAtPercentile(50) / MICROS_PER_MILLI,
                micros.getValueAtPercentile(99) / MICROS_PER_MILLI,
                micros.getMaxValue() / MICROS_PER_MILLI,
                timeouts, skipped);
    }
}
