package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KillScheduleTests {

    private static final List<KillKind> ALL = List.of(KillKind.values());

    @Test
    void everyRoundKillsEveryKindOnce() {
        KillSchedule schedule = new KillSchedule(ALL, 42L, 1, 3);

        for (int round = 0; round < 20; round++) {
            List<KillKind> dealt = new ArrayList<>();
            for (int kill = 0; kill < ALL.size(); kill++) {
                dealt.add(schedule.nextKind());
            }
            assertThat(dealt).containsExactlyInAnyOrderElementsOf(ALL);
        }
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOrder() {
        KillSchedule first = new KillSchedule(ALL, 7L, 1, 30);
        KillSchedule second = new KillSchedule(ALL, 7L, 1, 30);
        KillSchedule other = new KillSchedule(ALL, 8L, 1, 30);
        List<Object> firstDealt = new ArrayList<>();
        List<Object> secondDealt = new ArrayList<>();
        List<Object> otherDealt = new ArrayList<>();

        for (int kill = 0; kill < 50; kill++) {
            firstDealt.add(first.nextKind());
            firstDealt.add(first.nextPause());
            secondDealt.add(second.nextKind());
            secondDealt.add(second.nextPause());
            otherDealt.add(other.nextKind());
            otherDealt.add(other.nextPause());
        }

        assertThat(secondDealt).isEqualTo(firstDealt);
        assertThat(otherDealt).isNotEqualTo(firstDealt);
    }

    @Test
    void pausesStayBetweenTheirBoundsAndReachBothEnds() {
        KillSchedule schedule = new KillSchedule(ALL, 3L, 2, 4);
        List<Duration> pauses = new ArrayList<>();

        for (int kill = 0; kill < 2000; kill++) {
            pauses.add(schedule.nextPause());
        }

        assertThat(pauses).allSatisfy(pause -> assertThat(pause).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
        assertThat(pauses.stream().mapToLong(Duration::toMillis).min().orElseThrow()).isLessThan(2100);
        assertThat(pauses.stream().mapToLong(Duration::toMillis).max().orElseThrow()).isGreaterThan(3900);
    }
}
