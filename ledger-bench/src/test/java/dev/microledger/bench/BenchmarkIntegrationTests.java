package dev.microledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark in its quick mode, against the real system it starts: the broker and the
 * service jars the build copied into {@code target/services}, on free ports. Numbers are not
 * checked (the machine is shared), only that every part measured something and wrote it down.
 */
class BenchmarkIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    /**
     * Temporary directories are their owner's alone (0700); under root the embedded PostgreSQL runs
     * as another user, who must be able to enter the run's data directory, as the launcher checks.
     */
    @org.junit.jupiter.api.BeforeEach
    void openDirectory() throws java.io.IOException {
        java.nio.file.Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void quickRunMeasuresEveryWorkloadTheRawLimitsTheRebuildAndTheBaselineAndWritesBothReports() throws Exception {
        Set<Long> childrenBefore = childPids();
        String[] arguments = {"--quick", "--payers", "200", "--open-loop-rate", "200",
                "--data-dir", directory.resolve("data").toString(), "--report-dir", directory.resolve("report").toString()};
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchmarkOptions options = BenchmarkOptions.parse(Benchmark.baseDirectory(), arguments);

        BenchmarkRun run;
        try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
            run = Benchmark.run(options, Benchmark.commandLine(arguments), out);
        }

        String printed = progress.toString(StandardCharsets.UTF_8);
        assertThat(run.failed()).as("no phase failed; progress was:%n%s", printed).isFalse();
        assertThat(printed).contains("[21/21] baseline uniform single (group commit off)");
        Path markdown = directory.resolve("report/report.md");
        Path json = directory.resolve("report/report.json");
        assertThat(markdown).exists();
        assertThat(Files.readString(markdown)).contains("## Targets", "### uniform", "### hot-payee", "### top-up", "### mixed", "### fees",
                "## Raw append limits of this machine", "## Ratios");

        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.path("setup").path("database").asText()).startsWith("embedded PostgreSQL")
                .endsWith("synchronous_commit=on)");
        assertThat(report.path("runs")).hasSize(20);
        for (String workload : List.of("uniform", "hot-payee", "top-up", "mixed", "fees")) {
            long accepted = 0;
            for (JsonNode runResult : report.path("runs")) {
                if (runResult.path("workload").asText().equals(workload)) {
                    accepted += runResult.path("accepted").asLong();
                }
            }
            assertThat(accepted).as("transfers accepted in %s", workload).isPositive();
        }
        long declinedOverLimit = 0;
        for (JsonNode runResult : report.path("runs")) {
            if (runResult.path("workload").asText().equals("mixed")) {
                declinedOverLimit += runResult.path("rejectedByCode").path("limit_exceeded").asLong();
            }
        }
        assertThat(declinedOverLimit).as("mixed transfers above the per-transfer limit, declined").isPositive();
        assertThat(Files.readString(markdown)).contains("a fee on every payment, batch1000: fees ÷ uniform transfers/s");
        assertThat(report.path("baseline").path("accepted").asLong()).isPositive();
        // The raw JDBC and Kafka limits, the event chain's two costs per event, and the audit of the store.
        assertThat(report.path("rawLimits")).hasSize(5);
        assertThat(report.path("rawLimits").findValuesAsText("name")).anyMatch(name -> name.startsWith("Event chain: link"))
                .anyMatch(name -> name.startsWith("Event chain: verify")).anyMatch(name -> name.startsWith("Event audit"));
        for (JsonNode limit : report.path("rawLimits")) {
            assertThat(limit.path("ratePerSecond").asDouble()).as("rate of %s", limit.path("name")).isPositive();
        }
        assertThat(report.path("targets")).hasSize(7);
        JsonNode rebuild = report.path("rebuild");
        assertThat(rebuild.path("failure").isNull()).as("rebuild measured: %s", rebuild).isTrue();
        assertThat(rebuild.path("topicRecords").asLong()).isPositive();
        assertThat(rebuild.path("projected").asLong() + rebuild.path("skipped").asLong())
                .isGreaterThanOrEqualTo(rebuild.path("topicRecords").asLong());
        assertThat(rebuild.path("trialBalanceMatches").asBoolean()).isTrue();
        assertThat(Files.readString(markdown)).contains("## Rebuild of the projections from the topic");

        // Every process the benchmark started is gone again; only the logs stay behind.
        assertThat(childPids()).isSubsetOf(childrenBefore);
        assertThat(directory.resolve("data")).isDirectoryRecursivelyContaining("glob:**/system/logs/ledger-service.log");
        assertThat(directory.resolve("data")).isDirectoryNotContaining("glob:**/system/kafka");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void smallScaleRunRestartsTheLedgerOnItsDataAndFindsEveryEventAndTheSnapshots() throws Exception {
        Set<Long> childrenBefore = childPids();
        String[] arguments = {"--scale", "--scale-accounts", "1000", "--scale-transfers", "2000",
                "--data-dir", directory.resolve("data").toString(), "--report-dir", directory.resolve("report").toString()};
        BenchmarkOptions options = BenchmarkOptions.parse(Benchmark.baseDirectory(), arguments);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BenchmarkRun run;
        try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
            run = Benchmark.run(options, Benchmark.commandLine(arguments), out);
        }

        String printed = progress.toString(StandardCharsets.UTF_8);
        assertThat(run.failed()).as("no phase failed; progress was:%n%s", printed).isFalse();
        JsonNode scale = JSON.readTree(directory.resolve("report/report.json").toFile()).path("scale");
        assertThat(scale.path("failure").isNull()).as("completed: %s", scale).isTrue();
        assertThat(scale.path("transfersPosted").asLong()).isEqualTo(2000);
        assertThat(scale.path("hotAccountEvents").asLong()).isEqualTo(1 + 200);
        assertThat(scale.path("fundingAccountEvents").asLong()).isEqualTo(1 + 998);
        // 1,000 openings, 998 fundings and 2,000 transfers before the restart, 8 transfers after it; two events a transfer.
        assertThat(scale.path("eventStoreEvents").asLong()).isEqualTo(1000 + 2 * 998 + 2 * 2000 + 2 * 8);
        assertThat(scale.path("restartToFirstCommandSeconds").asDouble()).isPositive();
        assertThat(scale.path("hotNextCommandsMillis")).hasSize(5);
        assertThat(scale.path("eventsPublishedAfterRestart").asDouble()).isLessThan(1000);
        assertThat(scale.path("heapSamples").asInt()).isPositive();
        assertThat(scale.path("heapUsedMaxBytes").asDouble()).isPositive().isLessThanOrEqualTo(scale.path("heapMaxBytes").asDouble());
        assertThat(scale.path("ledgerDatabaseBytes").asLong()).isPositive();
        assertThat(scale.path("queryDatabaseBytes").asLong()).isPositive();
        assertThat(Files.readString(directory.resolve("report/report.md"))).contains("## Scale workload", "## Rebuild of the projections");
        assertThat(childPids()).isSubsetOf(childrenBefore);
    }

    /** This JVM's child processes; another test's, such as the shared test PostgreSQL, may run before the benchmark starts. */
    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
