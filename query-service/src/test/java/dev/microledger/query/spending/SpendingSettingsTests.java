package dev.microledger.query.spending;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpendingSettingsTests {

    @Test
    void theSmallPaymentThresholdIsInTheCurrencysMinorUnits() {
        SpendingSettings settings = new SpendingSettings("1.00", Map.of("KRW", "1000"), 10);

        assertThat(settings.smallPaymentThresholdMinor("USD", 6)).isEqualTo(1_000_000);
        assertThat(settings.smallPaymentThresholdMinor("JPY", 2)).isEqualTo(100);
        assertThat(settings.smallPaymentThresholdMinor("KRW", 2)).isEqualTo(100_000);
    }

    @Test
    void digitsBeyondTheCurrencysScaleAreCutAndHugeThresholdsAdmitEverything() {
        SpendingSettings settings = new SpendingSettings("1.005", Map.of("XXX", "999999999999999999"), 0);

        assertThat(settings.smallPaymentThresholdMinor("JPY", 2)).isEqualTo(100);
        assertThat(settings.smallPaymentThresholdMinor("XXX", 18)).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1e3", "one", "1.", ".5"})
    void refusesAThresholdThatIsNotAPlainDecimal(String threshold) {
        assertThatThrownBy(() -> new SpendingSettings(threshold, Map.of(), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query.spending.small-payment-threshold");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void refusesAPaceToleranceOutsideZeroToAHundredPercent(int tolerance) {
        assertThatThrownBy(() -> new SpendingSettings("1", Map.of(), tolerance))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pace-tolerance-percent");
    }
}
