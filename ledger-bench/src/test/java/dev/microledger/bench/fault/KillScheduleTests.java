package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KillScheduleTests {

    private static final List<KillKind> ALL = List.of(KillKind.values());
    /** The seed of FaultRunIntegrationTests: its five kills must be one of each kind. */
    static final long CI_SEED = 20261208L;

    @Test
    void everyRoundKillsEachChildOnceAndTheWholeSystemOnceTakingItsTwoWaysInTurn() {
        KillSchedule schedule = new KillSchedule(ALL, 42L, 1, 3);
        assertThat(schedule.roundLength()).isEqualTo(4);
        List<KillKind> wholeSystemKills = new ArrayList<>();

        for (int round = 0; round < 20; round++) {
            List<KillKind> dealt = new ArrayList<>();
            for (int kill = 0; kill < 4; kill++) {
                dealt.add(schedule.nextKind());
            }
            assertThat(dealt).contains(KillKind.BROKER, KillKind.LEDGER_SERVICE, KillKind.QUERY_SERVICE);
            assertThat(dealt.stream().filter(KillKind::wholeSystem)).hasSize(1);
            dealt.stream().filter(KillKind::wholeSystem).forEach(wholeSystemKills::add);
        }

        for (int turn = 1; turn < wholeSystemKills.size(); turn++) {
            assertThat(wholeSystemKills.get(turn)).isNotEqualTo(wholeSystemKills.get(turn - 1));
        }
    }

    @Test
    void kindsLeftOutAreNeverDealt() {
        KillSchedule schedule = new KillSchedule(List.of(KillKind.QUERY_SERVICE, KillKind.ALL_PROCESSES), 5L, 0, 0);

        for (int kill = 0; kill < 20; kill++) {
            assertThat(schedule.nextKind()).isIn(KillKind.QUERY_SERVICE, KillKind.ALL_PROCESSES);
        }
        assertThat(schedule.roundLength()).isEqualTo(2);
    }

    @Test
    void theContinuousIntegrationSeedKillsEachOfTheFiveKindsOnceInFiveKills() {
        KillSchedule schedule = new KillSchedule(ALL, CI_SEED, 1, 3);
        List<KillKind> dealt = new ArrayList<>();

        for (int kill = 0; kill < 5; kill++) {
            dealt.add(schedule.nextKind());
        }

        assertThat(dealt).containsExactlyInAnyOrderElementsOf(ALL);
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
