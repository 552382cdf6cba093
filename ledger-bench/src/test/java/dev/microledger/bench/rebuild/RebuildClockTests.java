package dev.microledger.bench.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.microledger.bench.report.CpuUsage;
import dev.microledger.bench.report.RebuildResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuildClockTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateFromTheFirstEventCountsOnlyWhatWasHandledAfterTheSampleThatFirstSawOne() {
        RebuildClock clock = new RebuildClock(100 * SECOND, 100_000);
        clock.sample(105 * SECOND, 0, 0);
        clock.sample(106 * SECOND, 10_000, 0);
        assertThat(clock.done()).isFalse();
        clock.sample(108 * SECOND, 98_000, 2_000);

        CpuUsage cpu = new CpuUsage(97.0, 0.0, Map.of("query-service", 1.2));
        RebuildResult result = clock.result("[]", "[]", true, cpu);

        assertThat(clock.done()).isTrue();
        assertThat(result.cpu()).isEqualTo(cpu);
        assertThat(result.startupSeconds()).isCloseTo(6.0, within(1e-9));
        assertThat(result.secondsFromFirstEvent()).isCloseTo(2.0, within(1e-9));
        assertThat(result.secondsFromStart()).isCloseTo(8.0, within(1e-9));
        assertThat(result.recordsPerSecondFromFirstEvent()).isCloseTo(45_000.0, within(1e-6));
        assertThat(result.recordsPerSecondFromStart()).isCloseTo(12_500.0, within(1e-6));
        assertThat(result.projected()).isEqualTo(98_000);
        assertThat(result.skipped()).isEqualTo(2_000);
        assertThat(result.measured()).isTrue();
    }

    @Test
    void skippedRecordsCountTowardsTheTopicBecauseTheyWereReadAndDecidedOn() {
        RebuildClock clock = new RebuildClock(0, 1_000);
        clock.sample(SECOND, 900, 99);
        assertThat(clock.done()).isFalse();
        clock.sample(2 * SECOND, 900, 100);
        assertThat(clock.done()).isTrue();
    }

    @Test
    void aTopicHandledBeforeASecondSampleHasNoRateFromTheFirstEvent() {
        RebuildClock clock = new RebuildClock(0, 500);
        clock.sample(3 * SECOND, 500, 0);

        RebuildResult result = clock.result("[]", "[]", true, CpuUsage.unavailable());

        assertThat(result.recordsPerSecondFromFirstEvent()).isNull();
        assertThat(result.recordsPerSecondFromStart()).isCloseTo(500 / 3.0, within(1e-9));
    }

    @Test
    void countersThatGoBackMeanAnotherProcessAndAreRefused() {
        RebuildClock clock = new RebuildClock(0, 500);
        clock.sample(SECOND, 300, 0);
        assertThatThrownBy(() -> clock.sample(2 * SECOND, 200, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("went back");
        assertThatThrownBy(() -> clock.sample(SECOND / 2, 400, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
