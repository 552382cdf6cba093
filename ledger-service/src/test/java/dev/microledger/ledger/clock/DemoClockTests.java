package dev.microledger.ledger.clock;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoClockTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final AtomicBoolean ledgerEmpty = new AtomicBoolean(true);
    private final DemoClock clock = new DemoClock(Clock.fixed(NOW, ZoneOffset.UTC), ledgerEmpty::get);

    @Test
    void followsTheSystemClockUntilPinned() {
        assertThat(clock.instant()).isEqualTo(NOW);
        assertThat(clock.isPinned()).isFalse();
    }

    @Test
    void anEmptyLedgerMayBePinnedToAMomentOfThePastKeptToTheMillisecond() {
        Instant answered = clock.pin(Instant.parse("2026-10-23T08:15:30.123456Z"));

        assertThat(answered).isEqualTo(Instant.parse("2026-10-23T08:15:30.123Z"));
        assertThat(clock.instant()).isEqualTo(answered);
        assertThat(clock.isPinned()).isTrue();
    }

    @Test
    void onceTheLedgerHoldsEventsAPinOnlyMovesForward() {
        clock.pin(NOW.minus(Duration.ofDays(30)));
        ledgerEmpty.set(false);

        clock.pin(NOW.minus(Duration.ofDays(29)));

        assertThatThrownBy(() -> clock.pin(NOW.minus(Duration.ofDays(29)).minusMillis(1)))
                .isInstanceOfSatisfying(LedgerRejection.class, rejection -> {
                    assertThat(rejection.code()).isEqualTo(RejectionCode.CLOCK_BACKWARDS);
                    assertThat(rejection.properties()).containsEntry("clock", NOW.minus(Duration.ofDays(29)).toString());
                });
        assertThat(clock.instant()).isEqualTo(NOW.minus(Duration.ofDays(29)));
    }

    @Test
    void aLedgerWithHistoryIsNeverTurnedBackBehindTheSystemClock() {
        ledgerEmpty.set(false);

        assertThatThrownBy(() -> clock.pin(NOW.minusSeconds(1)))
                .isInstanceOfSatisfying(LedgerRejection.class,
                        rejection -> assertThat(rejection.code()).isEqualTo(RejectionCode.CLOCK_BACKWARDS));
        assertThat(clock.isPinned()).isFalse();
    }

    @Test
    void neverRunsAheadOfTheRealTime() {
        assertThatThrownBy(() -> clock.pin(NOW.plusMillis(1)))
                .isInstanceOfSatisfying(LedgerRejection.class,
                        rejection -> assertThat(rejection.code()).isEqualTo(RejectionCode.CLOCK_AHEAD_OF_TIME));
        assertThat(clock.pin(NOW)).isEqualTo(NOW);
    }

    @Test
    void goesBackAtMostItsLimitInDays() {
        Instant oldest = NOW.minus(Duration.ofDays(DemoClock.PAST_DAYS_MAX));

        assertThat(clock.pin(oldest)).isEqualTo(oldest);
        assertThatThrownBy(() -> clock.pin(oldest.minusMillis(1)))
                .isInstanceOfSatisfying(LedgerRejection.class,
                        rejection -> assertThat(rejection.code()).isEqualTo(RejectionCode.VALIDATION_FAILED));
    }

    @Test
    void releasedItFollowsTheSystemClockAgain() {
        clock.pin(NOW.minus(Duration.ofDays(3)));
        ledgerEmpty.set(false);

        assertThat(clock.release()).isEqualTo(NOW);
        assertThat(clock.instant()).isEqualTo(NOW);
        assertThat(clock.isPinned()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:54329/ledger",
            "jdbc:postgresql://127.0.0.1/ledger",
            "jdbc:postgresql://localhost:5432/ledger?reWriteBatchedInserts=true",
            "jdbc:postgresql://[::1]:5432/ledger"})
    void isAllowedOnADatabaseOnLoopback(String url) {
        DemoClockConfiguration.requireLoopbackDatabase(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db.internal:5432/ledger?user=ledger&password=secret",
            "jdbc:postgresql://127.0.0.1.db.internal:5432/ledger?password=secret",
            "jdbc:postgresql://localhost:5432,db.internal:5432/ledger?password=secret",
            "jdbc:postgresql://localhost:5432/ledger?PGHOST=db.internal&password=secret",
            "jdbc:postgresql:ledger?password=secret",
            "jdbc:h2:file:./data/ledger/ledger;PASSWORD=secret",
            "jdbc:h2:mem:demo;PASSWORD=secret",
            "db.internal/ledger?password=secret"})
    void isRefusedElsewhereWithoutRepeatingTheUrlsHostOrSecrets(String url) {
        assertThatThrownBy(() -> DemoClockConfiguration.requireLoopbackDatabase(url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loopback")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("db.internal");
    }

    @Test
    void aRefusalNamesTheUrlsSchemeAlone() {
        assertThatThrownBy(() -> DemoClockConfiguration.requireLoopbackDatabase(
                "jdbc:postgresql://db.internal:5432/ledger?user=ledger&password=secret"))
                .hasMessageContaining("(jdbc:postgresql)");
    }

    @Test
    void isRefusedWithoutADatabaseUrl() {
        assertThatThrownBy(() -> DemoClockConfiguration.requireLoopbackDatabase(null))
                .isInstanceOf(IllegalStateException.class);
    }
}
