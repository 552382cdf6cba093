package dev.microledger.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLineTests {

    @Test
    void saysDoneOfTotalBothRatesAndWhenItWillBeDone() {
        String line = ProgressLine.format("transfers", 1_000_000, 10_000_000, 250, 980_000, 5);

        assertThat(line).isEqualTo("transfers 1,000,000 / 10,000,000 (10.0 %), 4,000/s now, 4,000/s on average,"
                + " 4 min 10 s elapsed, ETA 37 min 30 s");
    }

    @Test
    void hasNoEtaBeforeAnythingIsDone() {
        assertThat(ProgressLine.format("accounts opened", 0, 100, 5, 0, 5)).endsWith("ETA unknown");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(ProgressLine.duration(42.4)).isEqualTo("42 s");
        assertThat(ProgressLine.duration(425)).isEqualTo("7 min 05 s");
        assertThat(ProgressLine.duration(3720)).isEqualTo("1 h 02 min");
    }
}
