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
    @ValueSource(strings = {"jdbc:h2:file:./data/ledger/ledger;WRITE_DELAY=0", "jdbc:h2:mem:demo"})
    void isAllowedOnTheEmbeddedDatabase(String url) {
        DemoClockConfiguration.requireEmbeddedDatabase(url);
    }

    @Test
    void isRefusedOnPostgresqlWithoutRepeatingTheUrlsSecrets() {
        assertThatThrownBy(() -> DemoClockConfiguration.requireEmbeddedDatabase(
                "jdbc:postgresql://db.internal:5432/ledger?user=ledger&password=secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:postgresql")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("db.internal");
        assertThatThrownBy(() -> DemoClockConfiguration.requireEmbeddedDatabase(null))
                .isInstanceOf(IllegalStateException.class);
    }
}
