package dev.microledger.query.consuming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Sums up the projection's work for one progress line per interval, so the log tells a person
 * how the projection is doing without a line per event. Used by the consumer thread only.
 */
final class ProgressLog {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final Duration interval;
    private Instant since;
    private long projected;
    private long duplicates;
    private long gaps;
    private long malformed;
    private long invariantViolations;
    private long forged;
    private long failed;
    private long retries;
    private long lastLagMillis = -1;
    private long maxLagMillis = -1;

    ProgressLog(Duration interval, Instant now) {
        this.interval = interval;
        this.since = now;
    }

    void add(ProjectionOutcome outcome, Instant committedAt) {
        projected += outcome.projected();
        duplicates += outcome.duplicates();
        gaps += outcome.gaps();
        malformed += outcome.malformed();
        invariantViolations += outcome.invariantViolations();
        forged += outcome.forged();
        failed += outcome.failed();
        Instant newest = null;
        for (Instant eventTime : outcome.appliedEventTimes()) {
            if (newest == null || eventTime.isAfter(newest)) {
                newest = eventTime;
            }
        }
        if (newest != null) {
            lastLagMillis = Math.max(0, Duration.between(newest, committedAt).toMillis());
            maxLagMillis = Math.max(maxLagMillis, lastLagMillis);
        }
    }

    void retried() {
        retries++;
    }

    void maybeLog(Instant now) {
        Duration elapsed = Duration.between(since, now);
        if (elapsed.compareTo(interval) < 0) {
            return;
        }
        long seconds = Math.max(1, elapsed.toSeconds());
        long skipped = duplicates + gaps + malformed + invariantViolations + forged + failed;
        if (projected == 0 && skipped == 0 && retries == 0) {
            log.info("Projection idle: no new events in the last {} s", seconds);
        } else {
            log.info("Projected {} events in the last {} s ({} per s); skipped {} duplicate, {} gap, {} malformed, "
                            + "{} invariant, {} failing the integrity check, {} failing to project; lag {} ms at the last commit, "
                            + "{} ms at most; "
                            + "{} database retries",
                    projected, seconds, projected / seconds, duplicates, gaps, malformed, invariantViolations, forged, failed,
                    lastLagMillis, maxLagMillis, retries);
        }
        since = now;
        projected = 0;
        duplicates = 0;
        gaps = 0;
        malformed = 0;
        invariantViolations = 0;
        forged = 0;
        failed = 0;
        retries = 0;
        maxLagMillis = -1;
    }
}
