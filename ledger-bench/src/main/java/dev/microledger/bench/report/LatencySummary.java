package dev.microledger.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, reported in milliseconds.
 *
 * @param count how many values were recorded
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {

    private static final double MICROS_PER_MILLI = 1000.0;

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                micros.getValueAtPercentile(50) / MICROS_PER_MILLI,
                micros.getValueAtPercentile(99) / MICROS_PER_MILLI,
                micros.getValueAtPercentile(99.9) / MICROS_PER_MILLI,
                micros.getMaxValue() / MICROS_PER_MILLI);
    }
}
