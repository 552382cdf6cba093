package dev.microledger.bench.fault;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes fault-report.md and fault-report.json, the same numbers for people and for machines. */
final class FaultReportFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FaultReportFiles() {
    }

    static void write(FaultReport report, Path directory, PrintStream out) {
        Path markdown = directory.resolve(FaultRun.REPORT_MARKDOWN);
        Path json = directory.resolve(FaultRun.REPORT_JSON);
        try {
            Files.createDirectories(directory);
            Files.writeString(markdown, FaultMarkdown.render(report), StandardCharsets.UTF_8);
            Files.writeString(json, JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException("cannot write the report as JSON", exception);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write the report into " + directory, exception);
        }
        out.println("Reports: " + markdown);
        out.println("         " + json);
    }
}
