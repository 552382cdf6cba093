package dev.microledger.query.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarParametersTests {

    @Test
    void readsMonthsDatesAndInstants() {
        assertThat(CalendarParameters.month("month", "2026-11")).isEqualTo(YearMonth.of(2026, 11));
        assertThat(CalendarParameters.date("from", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(CalendarParameters.instant("at", "2026-11-21T10:00:00Z")).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(CalendarParameters.instant("at", "2026-11-21T19:00:00.5+09:00"))
                .isEqualTo(Instant.parse("2026-11-21T10:00:00.5Z"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", " 2026-11", "1969-12",
            "abcd-ef"})
    void refusesWhatIsNotAMonth(String text) {
        assertThatThrownBy(() -> CalendarParameters.month("month", text))
                .isInstanceOfSatisfying(QueryProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(problem.getMessage()).startsWith("month ");
                });
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "2026-02-30", "2025-02-29", "2026-11-1", "2026-11-01T00:00", "20261101", "0000-01-01",
            "2026-11-31"})
    void refusesWhatIsNotADate(String text) {
        assertThatThrownBy(() -> CalendarParameters.date("from", text))
                .isInstanceOfSatisfying(QueryProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(problem.getMessage()).startsWith("from ");
                });
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "2026-11-21", "2026-11-21T10:00:00", "yesterday", "1700000000",
            "2026-11-21T25:00:00Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "2026-11-21T10:00:00.000000000000000000000000000Z"})
    void refusesWhatIsNotAnInstantWithAnOffset(String text) {
        assertThatThrownBy(() -> CalendarParameters.instant("at", text))
                .isInstanceOfSatisfying(QueryProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(problem.getMessage()).startsWith("at ");
                });
    }
}
