package dev.microledger.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Renders a {@link BenchmarkReport} as report.json: the same numbers as report.md, for machines.
 * Latencies and lags are in milliseconds, rates per second, as the field names say.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(BenchmarkReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException("cannot write the report as JSON", exception);
        }
    }
}
