package dev.microledger.query.consuming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a rebuild has come, per partition and overall, with its rate and the time it has left:
 * one readable log line per interval, and a {@link RebuildStatus} after every transaction. Used by
 * the rebuild's thread only; what others read is the status it publishes.
 */
final class RebuildProgress {

    private static final Logger log = LoggerFactory.getLogger(RebuildProgress.class);

    private final long generation;
    private final String schema;
    private final boolean resumed;
    private final boolean manualSwitch;
    private final Instant startedAt;
    private final Duration interval;
    private final Map<Integer, long[]> partitions = new TreeMap<>();

    private long projected;
    private long skipped;
    private long duplicates;
    private long gaps;
    private long malformed;
    private long invariantViolations;
    private long forged;
    /** Records done when this run began (a resumed rebuild has some already), for the average rate. */
    private long doneAtStart = -1;
    private Instant intervalStartedAt;
    private long doneAtIntervalStart;
    private long recentPerSecond;
    private long averagePerSecond;

    private static final int BEGINNING = 0;
    private static final int DONE = 1;
    private static final int END = 2;

    RebuildProgress(long generation, String schema, boolean resumed, boolean manualSwitch, Instant startedAt,
                    Duration interval) {
        this.generation = generation;
        this.schema = schema;
        this.resumed = resumed;
        this.manualSwitch = manualSwitch;
        this.startedAt = startedAt;
        this.interval = interval;
        this.intervalStartedAt = startedAt;
    }

    /** The partition's first offset, where the rebuild will have read from, and the offset it reads next. */
    void partition(int partition, long beginning, long done) {
        long[] offsets = partitions.computeIfAbsent(partition, key -> new long[3]);
        offsets[BEGINNING] = beginning;
        offsets[DONE] = Math.max(beginning, done);
        offsets[END] = Math.max(offsets[END], offsets[DONE]);
    }

    void ends(Map<Integer, Long> endOffsets) {
        endOffsets.forEach((partition, end) -> {
            long[] offsets = partitions.computeIfAbsent(partition, key -> new long[3]);
            offsets[END] = Math.max(end, offsets[DONE]);
        });
    }

    /** Called once the rebuild's offsets are known, before its first transaction. */
    void begin(Instant now) {
        doneAtStart = recordsDone();
        doneAtIntervalStart = doneAtStart;
        intervalStartedAt = now;
    }

    /** A transaction committed: its outcome, and the offsets the rebuild reads next. */
    void committed(ProjectionOutcome outcome, Map<Integer, Long> nextOffsets) {
        projected += outcome.projected();
        duplicates += outcome.duplicates();
        gaps += outcome.gaps();
        malformed += outcome.malformed();
        invariantViolations += outcome.invariantViolations();
        forged += outcome.forged() + outcome.failed();
        skipped = duplicates + gaps + malformed + invariantViolations + forged;
        nextOffsets.forEach((partition, next) -> {
            long[] offsets = partitions.computeIfAbsent(partition, key -> new long[3]);
            offsets[DONE] = Math.max(offsets[DONE], next);
            offsets[END] = Math.max(offsets[END], offsets[DONE]);
        });
    }

    /** Whether the rebuild has read every partition up to {@code targets}. */
    boolean reached(Map<Integer, Long> targets) {
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            long[] offsets = partitions.get(target.getKey());
            long done = offsets == null ? 0 : offsets[DONE];
            if (done < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Records between where the rebuild stands and the end offsets last seen. */
    long remaining() {
        long remaining = 0;
        for (long[] offsets : partitions.values()) {
            remaining += Math.max(0, offsets[END] - offsets[DONE]);
        }
        return remaining;
    }

    Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> next = new TreeMap<>();
        partitions.forEach((partition, offsets) -> next.put(partition, offsets[DONE]));
        return next;
    }

    /** Logs a progress line when the interval has passed. */
    void maybeLog(Instant now) {
        if (Duration.between(intervalStartedAt, now).compareTo(interval) < 0) {
            return;
        }
        log(now);
    }

    void log(Instant now) {
        updateRates(now);
        long done = recordsDone();
        long total = recordsTotal();
        Long eta = etaSeconds();
        log.info(String.format(Locale.ROOT,
                "Rebuild of projection generation %d: %,d of %,d records (%.1f %%), %,d records/s now, %,d/s on average,"
                        + " %s; %,d events projected, %,d skipped (%,d duplicate, %,d gap, %,d malformed, %,d invariant, %,d integrity or failure);"
                        + " %d of %d partitions done",
                generation, done, total, percent(done, total), recentPerSecond, averagePerSecond,
                eta == null ? "time left unknown" : "about " + formatSeconds(eta) + " left", projected, skipped,
                duplicates, gaps, malformed, invariantViolations, forged, partitionsDone(), partitions.size()));
    }

    RebuildStatus status(RebuildStatus.State state, long liveGeneration, Instant finishedAt, String failure) {
        long done = recordsDone();
        long total = recordsTotal();
        List<RebuildStatus.PartitionProgress> offsets = new ArrayList<>(partitions.size());
        partitions.forEach((partition, values) -> offsets.add(
                new RebuildStatus.PartitionProgress(partition, values[BEGINNING], values[DONE], values[END])));
        return new RebuildStatus(state, liveGeneration, generation, schema, resumed, manualSwitch, startedAt, finishedAt, done, total,
                percent(done, total), recentPerSecond, averagePerSecond, state.running() ? etaSeconds() : null,
                projected, skipped, List.copyOf(offsets), failure);
    }

    long recordsDone() {
        long done = 0;
        for (long[] offsets : partitions.values()) {
            done += offsets[DONE] - offsets[BEGINNING];
        }
        return done;
    }

    long recordsTotal() {
        long total = 0;
        for (long[] offsets : partitions.values()) {
            total += offsets[END] - offsets[BEGINNING];
        }
        return total;
    }

    private void updateRates(Instant now) {
        long done = recordsDone();
        long millis = Duration.between(intervalStartedAt, now).toMillis();
        if (millis > 0) {
            recentPerSecond = (done - doneAtIntervalStart) * 1000 / millis;
        }
        long sinceStartMillis = Duration.between(startedAt, now).toMillis();
        if (sinceStartMillis > 0 && doneAtStart >= 0) {
            averagePerSecond = (done - doneAtStart) * 1000 / sinceStartMillis;
        }
        intervalStartedAt = now;
        doneAtIntervalStart = done;
    }

    private Long etaSeconds() {
        long rate = recentPerSecond > 0 ? recentPerSecond : averagePerSecond;
        if (rate <= 0) {
            return null;
        }
        return (remaining() + rate - 1) / rate;
    }

    private int partitionsDone() {
        int done = 0;
        for (long[] offsets : partitions.values()) {
            if (offsets[DONE] >= offsets[END]) {
                done++;
            }
        }
        return done;
    }

    private static double percent(long done, long total) {
        if (total <= 0) {
            return 100.0;
        }
        return Math.min(100.0, Math.floor(done * 1000.0 / total) / 10.0);
    }

    static String formatSeconds(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }
}
