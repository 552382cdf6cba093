package dev.microledger.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecimalAmountsTests {

    @ParameterizedTest
    @CsvSource({
            "0.0025, 6, 2500",
            "1, 6, 1000000",
            "1.5, 2, 150",
            "-1.5, 2, -150",
            "0, 2, 0",
            "9223372036854.775807, 6, 9223372036854775807",
            "-9223372036854.775808, 6, -9223372036854775808",
            "12, 0, 12",
            "000.10, 2, 10"
    })
    void parsesPlainDecimalsIntoExactMinorUnits(String text, int scale, long expected) {
        assertThat(DecimalAmounts.parse(text, scale)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "2500, 6, 0.0025",
            "1000000, 6, 1",
            "150, 2, 1.5",
            "-150, 2, -1.5",
            "0, 6, 0",
            "-1, 6, -0.000001",
            "9223372036854775807, 6, 9223372036854.775807",
            "-9223372036854775808, 6, -9223372036854.775808",
            "7, 0, 7"
    })
    void formatsMinorUnitsInPlainNotation(long minor, int scale, String expected) {
        assertThat(DecimalAmounts.format(minor, scale)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "'', INVALID",
            "abc, INVALID",
            "1e3, INVALID",
            "+1, INVALID",
            "1., INVALID",
            ".5, INVALID",
            "1.2.3, INVALID",
            "'1 ', INVALID",
            "'1,5', INVALID",
            "--1, INVALID",
            "0.1234567, PRECISION_EXCEEDED",
            "1.0000000, PRECISION_EXCEEDED",
            "9223372036854.775808, OUT_OF_RANGE",
            "99999999999999999999, OUT_OF_RANGE"
    })
    void refusesTextThatIsNotAnExactAmount(String text, AmountFormatException.Reason reason) {
        assertThatThrownBy(() -> DecimalAmounts.parse(text, 6))
                .isInstanceOfSatisfying(AmountFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void formatAndParseAreInversesForRandomAmounts() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long minor = random.nextLong();
            int scale = random.nextInt(DecimalAmounts.SCALE_MAX + 1);
            assertThat(DecimalAmounts.parse(DecimalAmounts.format(minor, scale), scale)).isEqualTo(minor);
        }
    }
}
