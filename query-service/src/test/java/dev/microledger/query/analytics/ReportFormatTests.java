package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFormatTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "NONE                                      | JSON",
            "''                                        | JSON",
            "application/json                          | JSON",
            "text/csv                                  | CSV",
            "text/csv; charset=utf-8                   | CSV",
            "TEXT/CSV                                  | CSV",
            "*/*                                       | JSON",
            "text/*                                    | CSV",
            "application/*                             | JSON",
            "text/csv, */*                             | CSV",
            "text/csv;q=0.5, application/json          | JSON",
            "application/json;q=0.5, text/csv          | CSV",
            "text/csv, application/json                | JSON",
            "application/json;q=0, */*                 | CSV",
            "text/csv;q=0, */*                         | JSON",
            "text/html, text/csv;q=0.9                 | CSV",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | JSON"})
    void theAcceptHeaderChoosesTheFormat(String accept, ReportFormat expected) {
        assertThat(ReportFormat.choose(null, accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "text/plain, image/*", "application/json;q=0, text/csv;q=0",
            "this is not a media type", "text/csv;q=2"})
    void anAcceptHeaderThatTakesNeitherFormatIsNotAcceptable(String accept) {
        assertThatThrownBy(() -> ReportFormat.choose(null, accept))
                .isInstanceOfSatisfying(QueryProblem.class, problem ->
                        assertThat(problem.code()).isEqualTo(ProblemCode.NOT_ACCEPTABLE))
                .hasMessageContaining("text/csv");
    }

    @ParameterizedTest
    @CsvSource({"csv, text/html, CSV", "json, text/csv, JSON", "csv, , CSV"})
    void theFormatParameterTakesPrecedenceOverTheHeader(String format, String accept, ReportFormat expected) {
        assertThat(ReportFormat.choose(format, accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CSV", "xml", ""})
    void anUnknownFormatParameterIsRefused(String format) {
        assertThatThrownBy(() -> ReportFormat.choose(format, null))
                .isInstanceOfSatisfying(QueryProblem.class, problem ->
                        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
    }

    @Test
    void csvIsUtf8() {
        assertThat(ReportFormat.CSV.mediaType().toString()).isEqualTo("text/csv;charset=UTF-8");
    }
}
