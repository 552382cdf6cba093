package dev.microledger.query.consuming;

import java.time.Instant;
import java.util.List;

/**
 * What a rebuild of the projections is doing, for the admin endpoint and the metrics; replaced
 * as a whole, never changed.
 *
 * @param state              see {@link State}
 * @param liveGeneration     the generation readers are served from right now
 * @param generation         the generation being built (or last built), null when there has been none since the start
 * @param schema             the schema of that generation's tables, null with it
 * @param resumed            whether this rebuild went on from where it was when the service last stopped
 * @param manualSwitch       whether the rebuild, once caught up, waits for {@code POST .../switch}
 * @param startedAt          when this rebuild began, null without one
 * @param finishedAt         when it switched or failed, null while it runs
 * @param recordsDone        records read from the topic so far, over all partitions
 * @param recordsTotal       records between the topic's beginning and its end offsets as last seen
 * @param percent            recordsDone of recordsTotal, 0 to 100
 * @param recordsPerSecond   records handled per second over the last progress interval
 * @param averagePerSecond   records handled per second since this run of the rebuild began
 * @param etaSeconds         the time left at the recent rate, null when unknown
 * @param projected          events applied to the new generation
 * @param skipped            records not applied (duplicates, gaps, malformed, invariant violations)
 * @param partitions         each partition's offsets
 * @param failure            why it failed, or why the switch is being retried; null otherwise
 */
public record RebuildStatus(
        State state,
        long liveGeneration,
        Long generation,
        String schema,
        boolean resumed,
        boolean manualSwitch,
        Instant startedAt,
        Instant finishedAt,
        long recordsDone,
        long recordsTotal,
        double percent,
        long recordsPerSecond,
        long averagePerSecond,
        Long etaSeconds,
        long projected,
        long skipped,
        List<PartitionProgress> partitions,
        String failure) {

    public enum State {
        /** No rebuild has run since the service started. */
        IDLE,
        /** Creating the new generation's tables and connecting to the topic. */
        STARTING,
        /** Projecting the topic into the new generation. */
        CATCHING_UP,
        /** Caught up and following the topic; waits for an operator to switch (manual switchover only). */
        READY,
        /** Caught up: the live consumer is paused and the new generation becomes live. */
        SWITCHING,
        /** The new generation is live. */
        SWITCHED,
        /** The rebuild gave up; the generation that was live stays live. */
        FAILED;

        public boolean running() {
            return this == STARTING || this == CATCHING_UP || this == READY || this == SWITCHING;
        }
    }

    /**
     * @param partition   the partition number
     * @param beginning   the partition's first offset
     * @param done        the next offset to project: every record before it is in the new generation
     * @param end         the partition's end offset as last seen
     */
    public record PartitionProgress(int partition, long beginning, long done, long end) {
    }

    static RebuildStatus idle(long liveGeneration) {
        return new RebuildStatus(State.IDLE, liveGeneration, null, null, false, false, null, null, 0, 0, 0, 0, 0, null, 0, 0,
                List.of(), null);
    }
}
