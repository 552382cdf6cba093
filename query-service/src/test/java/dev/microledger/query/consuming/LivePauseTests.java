package dev.microledger.query.consuming;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The handshake between a rebuild's switch and the live consumer, on real threads. */
class LivePauseTests {

    private static final long LONG_MILLIS = 60_000;

    @Test
    void theConsumerReportsItsOffsetsAndWaitsUntilTheSwitchReleasesIt() throws Exception {
        LivePause pause = new LivePause(LONG_MILLIS);
        CompletableFuture<LivePause.State> consumer = CompletableFuture.supplyAsync(() -> pause.hold(Map.of(0, 7L, 1, 3L)));

        Map<Integer, Long> offsets = pause.awaitHeld(LONG_MILLIS);

        assertThat(offsets).isEqualTo(Map.of(0, 7L, 1, 3L));
        assertThat(pause.beginSwitch()).isTrue();
        assertThat(consumer).isNotDone();
        pause.release();
        assertThat(consumer.get(LONG_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(LivePause.State.RELEASED);
    }

    @Test
    void aConsumerNotReleasedInTimeGoesOnAndTheSwitchIsRefused() throws Exception {
        LivePause pause = new LivePause(1);
        CompletableFuture<LivePause.State> consumer = CompletableFuture.supplyAsync(() -> pause.hold(Map.of(0, 1L)));

        assertThat(consumer.get(LONG_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(LivePause.State.EXPIRED);

        assertThat(pause.beginSwitch()).isFalse();
        assertThat(pause.awaitHeld(LONG_MILLIS)).isNull();
        assertThat(pause.ended()).isTrue();
    }

    @Test
    void aRequestTheConsumerDidNotTakeInTimeIsWithdrawnAndLaterIgnored() throws Exception {
        LivePause pause = new LivePause(LONG_MILLIS);

        assertThat(pause.awaitHeld(1)).isNull();

        assertThat(pause.failure()).contains("did not stop");
        assertThat(pause.wanted()).isFalse();
        assertThat(pause.hold(Map.of(0, 1L))).isEqualTo(LivePause.State.ABANDONED);
    }

    @Test
    void aConsumerThatCannotReadItsOffsetsSaysWhy() throws Exception {
        LivePause pause = new LivePause(LONG_MILLIS);

        pause.failed("the brokers did not answer");

        assertThat(pause.awaitHeld(LONG_MILLIS)).isNull();
        assertThat(pause.failure()).isEqualTo("the brokers did not answer");
    }

    @Test
    void aReleaseBeforeTheConsumerStoppedWithdrawsTheRequest() {
        LivePause pause = new LivePause(LONG_MILLIS);

        pause.release();

        assertThat(pause.wanted()).isFalse();
        assertThat(pause.state()).isEqualTo(LivePause.State.ABANDONED);
    }
}
