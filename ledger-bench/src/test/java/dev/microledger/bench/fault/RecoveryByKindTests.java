package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecoveryByKindTests {

    @Test
    void onlyTheKillsOfTheKindCountAndOnlyRecoveredOnesHaveTimes() {
        List<KillRecord> kills = List.of(
                kill(1, KillKind.LEDGER_SERVICE, null, 12_000L, 13_000L),
                kill(2, KillKind.BROKER, null, 100L, 9_000L),
                kill(3, KillKind.LEDGER_SERVICE, null, 14_000L, null),
                kill(4, KillKind.LAUNCHER, 15_000L, 40_000L, 70_000L),
                kill(5, KillKind.LEDGER_SERVICE, null, 10_000L, 11_000L));

        FaultReport.RecoveryByKind ledger = FaultReport.RecoveryByKind.of(KillKind.LEDGER_SERVICE, kills);
        FaultReport.RecoveryByKind launcher = FaultReport.RecoveryByKind.of(KillKind.LAUNCHER, kills);
        FaultReport.RecoveryByKind query = FaultReport.RecoveryByKind.of(KillKind.QUERY_SERVICE, kills);

        assertThat(ledger.kills()).isEqualTo(3);
        assertThat(ledger.recovered()).isEqualTo(2);
        assertThat(ledger.paymentP50Seconds()).isEqualTo(10.0);
        assertThat(ledger.paymentMaxSeconds()).isEqualTo(12.0);
        assertThat(ledger.projectionMaxSeconds()).isEqualTo(13.0);
        assertThat(ledger.processesGoneMaxSeconds()).isNull();
        assertThat(launcher.processesGoneMaxSeconds()).isEqualTo(15.0);
        assertThat(query.kills()).isZero();
        assertThat(query.paymentP50Seconds()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "50,  5.0",
            "90,  9.0",
            "91,  10.0",
            "100, 10.0",
            "1,   1.0"})
    void percentilesAreNearestRank(int percent, double seconds) {
        List<Long> millis = List.of(10_000L, 9_000L, 8_000L, 7_000L, 6_000L, 5_000L, 4_000L, 3_000L, 2_000L, 1_000L);

        assertThat(FaultReport.RecoveryByKind.percentile(millis, percent)).isEqualTo(seconds);
    }

    private static KillRecord kill(int number, KillKind kind, Long goneMillis, Long paymentMillis, Long projectionMillis) {
        return new KillRecord(number, kind, "2026-12-08T00:00:00Z", "1", goneMillis, paymentMillis, projectionMillis,
                kind.wholeSystem() ? 1 : 0, null);
    }
}
