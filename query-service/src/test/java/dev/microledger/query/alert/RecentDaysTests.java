package dev.microledger.query.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentDaysTests {

    @Test
    void keepsTheDaysOfTheTrailingWindowAndReadsBackWhatItWrote() {
        RecentDays days = new RecentDays();
        LocalDate first = LocalDate.parse("2026-10-01");
        for (int day = 0; day < 40; day++) {
            days.record(first.plusDays(day), 1_000);
        }

        // Days 10 to 39 of the run are the 30 before day 40.
        assertThat(days.trailingSum(first.plusDays(40))).isEqualTo(30_000);
        String text = days.format();
        assertThat(text.split(";")).hasSizeLessThanOrEqualTo(RecentDays.WINDOW_DAYS + 1);
        assertThat(text.length()).isLessThanOrEqualTo(RecentDays.TEXT_LENGTH_MAX);
        assertThat(RecentDays.parse(text).format()).isEqualTo(text);
        assertThat(RecentDays.parse(text).trailingSum(first.plusDays(40))).isEqualTo(30_000);
    }

    @Test
    void aDayWithoutSpendingIsNotKeptAndTheLongestTextFitsItsColumn() {
        RecentDays days = new RecentDays();
        days.record(LocalDate.parse("2026-10-01"), 0);
        assertThat(days.format()).isEmpty();
        for (int day = 0; day < 31; day++) {
            days.record(LocalDate.parse("2026-10-01").plusDays(day), Long.MAX_VALUE);
        }
        assertThat(days.format().length()).isLessThanOrEqualTo(RecentDays.TEXT_LENGTH_MAX);
        assertThat(days.trailingSum(LocalDate.parse("2026-11-01"))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-10-01", "2026-10-01=x", "2026-13-01=5", "2026-10-01=-5", "2026-10-01=0"})
    void refusesATextItDidNotWrite(String text) {
        assertThatThrownBy(() -> RecentDays.parse(text)).isInstanceOf(IllegalStateException.class);
    }
}
