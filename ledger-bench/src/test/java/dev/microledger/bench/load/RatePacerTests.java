package dev.microledger.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatePacerTests {

    private static final long START = 1_000_000_000_000L;

    @Test
    void sendsAreSpacedEvenlyFromTheStart() {
        RatePacer pacer = new RatePacer(START, 4);

        assertThat(pacer.sendNanos(0)).isEqualTo(START);
        assertThat(pacer.sendNanos(1)).isEqualTo(START + 250_000_000L);
        assertThat(pacer.sendNanos(2)).isEqualTo(START + 500_000_000L);
        assertThat(pacer.sendNanos(4)).isEqualTo(START + 1_000_000_000L);
    }

    @Test
    void roundingNeverDriftsWhenTheIntervalIsNotAWholeNumberOfNanoseconds() {
        RatePacer pacer = new RatePacer(START, 3);

        assertThat(pacer.sendNanos(1)).isEqualTo(START + 333_333_333L);
        assertThat(pacer.sendNanos(2)).isEqualTo(START + 666_666_666L);
        // After an hour at 3/s, send 10,800 is due exactly 3,600 s after the start, not a few microseconds off.
        assertThat(pacer.sendNanos(10_800)).isEqualTo(START + 3_600_000_000_000L);
    }

    @ParameterizedTest(name = "at +{0} ns, {1} sends are due")
    @CsvSource({
            "-1, 0",
            "0, 1",
            "499999, 1",
            "500000, 2",
            "999999999, 2000",
            "1000000000, 2001",
    })
    void sendsDueCountsSendZeroAtTheStart(long offsetNanos, long due) {
        RatePacer pacer = new RatePacer(START, 2000);

        assertThat(pacer.sendsDueBy(START + offsetNanos)).isEqualTo(due);
    }

    @Test
    void sendsDueInAWindowAreTheOfferedRateTimesItsLength() {
        RatePacer pacer = new RatePacer(START, 2000);
        long windowStart = START + 10_000_000_000L;

        assertThat(pacer.sendsDueBetween(windowStart, windowStart + 60_000_000_000L)).isEqualTo(120_000);
        assertThat(pacer.sendsDueBetween(windowStart, windowStart)).isZero();
    }

    @Test
    void everySendDueInAWindowIsCountedOnce() {
        RatePacer pacer = new RatePacer(START, 7);
        long from = START + 123_456_789L;
        long to = START + 5_987_654_321L;
        long counted = 0;
        for (long index = 0; pacer.sendNanos(index) < to; index++) {
            if (pacer.sendNanos(index) >= from) {
                counted++;
            }
        }

        assertThat(pacer.sendsDueBetween(from, to)).isEqualTo(counted);
    }

    @Test
    void rejectsRatesOutsideItsRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RatePacer(START, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RatePacer(START, 1_000_001));
        assertThatIllegalArgumentException().isThrownBy(() -> new RatePacer(START, 1).sendNanos(-1));
    }
}
