package dev.microledger.ledger.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SettledGapsTests {

    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(16);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SettledGaps settled = new SettledGaps(GAP_TIMEOUT, nanos::get);

    @Test
    void nothingIsSettledBeforeAnyCommittedEventWasSeen() {
        advanceSeconds(3600);

        assertThat(settled.settledIndex()).isEqualTo(-1);
    }

    @Test
    void positionsBelowASightingSettleOnlyOnceTheGapTimeoutHasPassedSinceIt() {
        settled.committedSeen(500);

        advanceMillis(GAP_TIMEOUT.toMillis() - 1);
        assertThat(settled.settledIndex()).isEqualTo(-1);

        advanceMillis(1);
        assertThat(settled.settledIndex()).isEqualTo(500);
    }

    @Test
    void aLaterSightingDoesNotMakeItsPositionsSettleSooner() {
        settled.committedSeen(100);
        advanceSeconds(8);
        settled.committedSeen(900);

        advanceSeconds(8);
        assertThat(settled.settledIndex()).isEqualTo(100);

        advanceSeconds(8);
        assertThat(settled.settledIndex()).isEqualTo(900);
    }

    @Test
    void aSightingSoonAfterTheLastIsLeftOutSoItsPositionsSettleLaterNeverSooner() {
        settled.committedSeen(100);
        advanceMillis(GAP_TIMEOUT.toMillis() / SettledGaps.SIGHTINGS_PER_TIMEOUT - 1);
        settled.committedSeen(200);

        advanceSeconds(16);
        assertThat(settled.settledIndex()).isEqualTo(100);

        settled.committedSeen(300);
        advanceSeconds(16);
        assertThat(settled.settledIndex()).isEqualTo(300);
    }

    @Test
    void theSettledPositionNeverGoesBack() {
        settled.committedSeen(700);
        advanceSeconds(16);
        assertThat(settled.settledIndex()).isEqualTo(700);

        settled.committedSeen(650);
        advanceSeconds(16);
        assertThat(settled.settledIndex()).isEqualTo(700);
    }

    @Test
    void sightingsKeptAreBoundedByTheGapTimeoutWhateverTheirRate() {
        for (long index = 1; index <= 100_000; index++) {
            settled.committedSeen(index);
            advanceMillis(1);
        }
        // A sighting a millisecond for 100 s, of which one a second is kept (SettledGaps asserts the
        // bound on every sighting, and tests run with assertions on); those older than the timeout
        // have settled.
        assertThat(settled.settledIndex())
                .isBetween(100_000L - GAP_TIMEOUT.toMillis() - 1_000, 100_000L - GAP_TIMEOUT.toMillis() + 1);
    }

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
