package dev.microledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.bench.fault.FaultRunOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault run, as CI runs it: the launcher in its own JVM with the real PostgreSQL, broker
 * and services under it, a load of retried transfers from three clients, and one SIGKILL of each
 * kind (the broker, ledger-service, query-service, the launcher alone, and the launcher with every
 * process under it at once), each after the one before has recovered. No acknowledged transfer may
 * be lost or doubled in the event store or in query-service, every balance must be the sum of the
 * acknowledged transfers and never under its floor, the trial balance zero, the projection equal to
 * a rebuild from the topic, and the event chains must verify. The long run is the same command with
 * {@code --kills 100} (docs/reliability/).
 */
class FaultRunIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    /** Run as root, the launcher runs PostgreSQL as another user, who must be able to enter the data directory. */
    @BeforeEach
    void openDirectory() throws java.io.IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void oneKillOfEveryKindUnderLoadLosesNoAcknowledgedTransferAndPostsNoneTwice() throws Exception {
        Set<Long> childrenBefore = childPids();

        // This seed's five kills are one of each kind (KillScheduleTests checks it).
        int exitCode = Benchmark.runFaults(FaultRunOptions.FLAG, "--kills", "5", "--seed", "20261208", "--clients", "3",
                "--payers", "6", "--merchants", "2", "--pause-min-seconds", "1", "--pause-max-seconds", "3",
                "--data-dir", directory.resolve("data").toString(), "--report-dir", directory.resolve("report").toString());

        JsonNode report = JSON.readTree(directory.resolve("report/fault-report.json").toFile());
        JsonNode outcome = report.path("outcome");
        assertThat(outcome.path("passed").asBoolean()).as("passed; failures: %s", report.path("failures")).isTrue();
        assertThat(exitCode).isZero();
        assertThat(outcome.path("killsMade").asInt()).isEqualTo(5);
        for (String kind : new String[] {"broker", "ledger-service", "query-service", "launcher", "all-processes"}) {
            assertThat(outcome.path("killsByProcess").path(kind).asInt()).as("kills of %s", kind).isEqualTo(1);
        }
        long acknowledged = outcome.path("acknowledged").asLong();
        assertThat(acknowledged).isGreaterThan(100);
        assertThat(outcome.path("lost").asLong()).isZero();
        assertThat(outcome.path("duplicated").asLong()).isZero();
        assertThat(outcome.path("unresolved").asLong()).isZero();
        assertThat(outcome.path("checks").size()).isEqualTo(5);
        outcome.path("checks").fields().forEachRemaining(check -> assertThat(check.getValue().asBoolean())
                .as("check %s", check.getKey()).isTrue());

        assertThat(report.path("store").path("exactlyOnce").asLong()).isEqualTo(acknowledged);
        assertThat(report.path("store").path("transferRecords").asLong()).isEqualTo(acknowledged);
        assertThat(report.path("projection").path("exactlyOnce").asLong()).isEqualTo(acknowledged);
        assertThat(report.path("projection").path("trialBalanceZero").asBoolean()).isTrue();
        assertThat(report.path("audit").path("state").asText()).isEqualTo("VERIFIED");
        JsonNode rebuild = report.path("rebuild");
        assertThat(rebuild.path("switched").asBoolean()).isTrue();
        assertThat(rebuild.path("tables").findValuesAsText("name")).contains("account_view", "entry_view");
        for (JsonNode table : rebuild.path("tables")) {
            assertThat(table.path("onlyLive").asLong() + table.path("onlyRebuilt").asLong()).as("rows of %s that differ",
                    table.path("name").asText()).isZero();
        }
        for (JsonNode kill : report.path("kills")) {
            assertThat(kill.path("paymentMillis").isNumber()).as("kill %s recovered", kill).isTrue();
            assertThat(kill.path("projectionMillis").asLong()).isGreaterThanOrEqualTo(kill.path("paymentMillis").asLong());
        }
        assertThat(Files.readString(directory.resolve("report/fault-report.md"))).contains("## Verdict: passed",
                "## Recovery by kind of kill", "| all-processes | 1 | 1 |");

        // Every process the run started is gone again; only the logs stay behind.
        assertThat(childPids()).isSubsetOf(childrenBefore);
        assertThat(directory.resolve("data")).isDirectoryRecursivelyContaining("glob:**/system/logs/ledger-service.log");
        try (java.util.stream.Stream<Path> paths = Files.walk(directory.resolve("data"))) {
            assertThat(paths.filter(path -> path.endsWith(Path.of("system", "postgres")) || path.endsWith(Path.of("system", "kafka"))))
                    .as("the databases and Kafka's files, deleted after the run").isEmpty();
        }
    }

    /** This JVM's child processes; another test's, such as the shared test PostgreSQL, may run before the run starts. */
    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
