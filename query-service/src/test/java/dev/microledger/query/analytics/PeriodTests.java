package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");

    private static Period parse(String from, String to) {
        return Period.parse(from, to, NOW, 30, 366);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            // Dates are whole UTC days; to is the last day of the period, included.
            "2026-11-01, 2026-11-30, 2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z",
            "2026-11-21, 2026-11-21, 2026-11-21T00:00:00Z, 2026-11-22T00:00:00Z",
            // Instants are taken as they are, to excluded; an offset is honoured.
            "2026-11-21T10:00:00Z, 2026-11-21T11:00:00Z, 2026-11-21T10:00:00Z, 2026-11-21T11:00:00Z",
            "2026-11-21T19:00:00+09:00, 2026-11-21T11:00:00.000001Z, 2026-11-21T10:00:00Z, 2026-11-21T11:00:00.000001Z",
            "2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z",
            // Mixed: from a date, to an instant.
            "2026-11-21, 2026-11-21T06:00:00Z, 2026-11-21T00:00:00Z, 2026-11-21T06:00:00Z",
            // Defaults: to is the end of today (UTC), from 30 days before to.
            "NONE, NONE, 2026-10-23T00:00:00Z, 2026-11-22T00:00:00Z",
            "2026-11-01, NONE, 2026-11-01T00:00:00Z, 2026-11-22T00:00:00Z",
            "NONE, 2026-02-28, 2026-01-30T00:00:00Z, 2026-03-01T00:00:00Z",
            // The longest period: 366 days.
            "2024-01-01, 2024-12-31, 2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z"})
    void readsDatesAsUtcDaysAndInstantsAsTheyAre(String from, String to, Instant expectedFrom, Instant expectedTo) {
        assertThat(parse(from, to)).isEqualTo(new Period(expectedFrom, expectedTo));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "2026-11-02           | 2026-11-01           | is after to",
            "2026-11-21T10:00:01Z | 2026-11-21T10:00:00Z | is after to",
            "2026-11-22T00:00:00Z | 2026-11-21           | is after to",
            "2026-12-01           | NONE                 | without to, the period ends at the end of the current UTC day",
            "2024-01-01           | 2025-01-01           | longer than 366 days",
            "2026-13-01           | NONE                 | not a date of the calendar",
            "2026-02-30           | NONE                 | not a date of the calendar",
            "2026-11-21T10:00:00  | NONE                 | an instant with its offset",
            "2026-11-21T10:00:00 09:00 | NONE            | %2B",
            "yesterday            | NONE                 | must be a date",
            "1969-12-31           | 1970-01-02           | between 1970-01-01 and 9999-01-01",
            "2026-11-21T10:00:00.0000001Z | NONE         | more than 6 fractional digits",
            "NONE                 | +10000-01-01T00:00:00Z | between 1970-01-01 and 9999-01-01",
            "''                   | NONE                 | must be a date"})
    void refusesWhatIsNotAPeriodWithAReason(String from, String to, String reason) {
        assertThatThrownBy(() -> parse(from, to))
                .isInstanceOfSatisfying(QueryProblem.class, problem ->
                        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED))
                .hasMessageContaining(reason);
    }

    @Test
    void refusesATextLongerThanAnyTime() {
        assertThatThrownBy(() -> parse("2026-11-21T10:00:00.000000000000000000000000000000000000000000000000000000Z", null))
                .isInstanceOf(QueryProblem.class).hasMessageContaining("longer than 64 characters");
    }
}
