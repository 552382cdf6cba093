package dev.microledger.h2;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the running service keeps its embedded H2 file compact.
 *
 * @param enabled                whether to compact at all
 * @param interval               time between two rounds
 * @param fillRatePercentMin     a round rewrites chunks only while less than this share of the chunk
 *                               data is live
 * @param rewriteBytesPerRoundMax how much live data one round rewrites at most
 */
@ConfigurationProperties("h2.compaction")
public record H2CompactionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") Duration interval,
        @DefaultValue("80") int fillRatePercentMin,
        @DefaultValue("2097152") int rewriteBytesPerRoundMax) {

    static final Duration INTERVAL_MIN = Duration.ofMillis(100);
    static final Duration INTERVAL_MAX = Duration.ofHours(1);
    static final int REWRITE_BYTES_PER_ROUND_LIMIT = 256 * 1024 * 1024;

    public H2CompactionProperties {
        if (interval.compareTo(INTERVAL_MIN) < 0 || interval.compareTo(INTERVAL_MAX) > 0) {
            throw new IllegalArgumentException(
                    "h2.compaction.interval must be between 100ms and 1h, got " + interval);
        }
        if (fillRatePercentMin < 1 || fillRatePercentMin > 99) {
            throw new IllegalArgumentException(
                    "h2.compaction.fill-rate-percent-min must be between 1 and 99, got " + fillRatePercentMin);
        }
        if (rewriteBytesPerRoundMax < 64 * 1024 || rewriteBytesPerRoundMax > REWRITE_BYTES_PER_ROUND_LIMIT) {
            throw new IllegalArgumentException("h2.compaction.rewrite-bytes-per-round-max must be between 65536 and "
                    + REWRITE_BYTES_PER_ROUND_LIMIT + ", got " + rewriteBytesPerRoundMax);
        }
    }
}
