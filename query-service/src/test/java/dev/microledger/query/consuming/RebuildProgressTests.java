package dev.microledger.query.consuming;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildProgressTests {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void recordsAreCountedFromEachPartitionsBeginningToItsEnd() {
        RebuildProgress progress = twoPartitions();

        progress.committed(outcome(300, 10), Map.of(0, 400L, 1, 10L));

        assertThat(progress.recordsDone()).isEqualTo(310);
        assertThat(progress.recordsTotal()).isEqualTo(1_100);
        assertThat(progress.remaining()).isEqualTo(790);
        RebuildStatus status = progress.status(RebuildStatus.State.CATCHING_UP, 1, null, null);
        assertThat(status.percent()).isEqualTo(28.1);
        assertThat(status.projected()).isEqualTo(300);
        assertThat(status.skipped()).isEqualTo(10);
        assertThat(status.partitions()).containsExactly(new RebuildStatus.PartitionProgress(0, 100, 400, 1_000),
                new RebuildStatus.PartitionProgress(1, 0, 10, 200));
    }

    @Test
    void theRateAndTheTimeLeftComeFromTheLastInterval() {
        RebuildProgress progress = twoPartitions();
        progress.committed(outcome(500, 0), Map.of(0, 600L));

        progress.log(START.plusSeconds(10));

        RebuildStatus status = progress.status(RebuildStatus.State.CATCHING_UP, 1, null, null);
        assertThat(status.recordsPerSecond()).isEqualTo(50);
        assertThat(status.averagePerSecond()).isEqualTo(50);
        assertThat(status.etaSeconds()).isEqualTo(12);
    }

    @Test
    void offsetsAreReachedOnlyWhenEveryPartitionIsThere() {
        RebuildProgress progress = twoPartitions();
        progress.committed(outcome(900, 0), Map.of(0, 1_000L));

        assertThat(progress.reached(Map.of(0, 1_000L))).isTrue();
        assertThat(progress.reached(Map.of(0, 1_000L, 1, 5L))).isFalse();
        assertThat(progress.reached(Map.of(0, 1_000L, 1, 0L))).isTrue();
    }

    @Test
    void anEmptyTopicIsAllDoneAndAFinishedRebuildHasNoTimeLeft() {
        RebuildProgress progress = new RebuildProgress(2, "public_g2", false, false, START, Duration.ofSeconds(10));
        progress.partition(0, 0, 0);
        progress.begin(START);

        RebuildStatus status = progress.status(RebuildStatus.State.SWITCHED, 2, START, null);

        assertThat(status.percent()).isEqualTo(100.0);
        assertThat(status.etaSeconds()).isNull();
        assertThat(status.schema()).isEqualTo("public_g2");
    }

    @Test
    void timesLeftReadLikeAPersonWouldSayThem() {
        assertThat(RebuildProgress.formatSeconds(45)).isEqualTo("45 s");
        assertThat(RebuildProgress.formatSeconds(125)).isEqualTo("2 min 5 s");
        assertThat(RebuildProgress.formatSeconds(7_260)).isEqualTo("2 h 1 min");
    }

    private static RebuildProgress twoPartitions() {
        RebuildProgress progress = new RebuildProgress(2, "public_g2", false, false, START, Duration.ofSeconds(10));
        progress.partition(0, 100, 100);
        progress.partition(1, 0, 0);
        progress.ends(Map.of(0, 1_000L, 1, 200L));
        progress.begin(START);
        return progress;
    }

    private static ProjectionOutcome outcome(int projected, int duplicates) {
        return new ProjectionOutcome(projected, duplicates, 0, 0, 0, 0, 0, List.of());
    }
}
