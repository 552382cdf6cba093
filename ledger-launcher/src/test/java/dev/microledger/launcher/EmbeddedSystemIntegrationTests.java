package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as the launcher runs it: the real broker and the real service jars that the
 * build copied into {@code target/services}, on free ports in a temporary data directory.
 */
class EmbeddedSystemIntegrationTests {

    private static final Duration PROCESS_EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    @Test
    void startsAllThreeProcessesAndStopsThemAgainResumingOnTheSameData() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0);

        String clusterId;
        List<Long> firstPids;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            firstPids = List.of(system.brokerPid(), system.ledgerPid(), system.queryPid());
            assertThat(firstPids).allMatch(EmbeddedSystemIntegrationTests::isAlive);

            assertThat(healthStatus(system.ledgerUrl())).isEqualTo(200);
            assertThat(healthStatus(system.queryUrl())).isEqualTo(200);
            clusterId = clusterId(system.bootstrapServers());
            assertThat(clusterId).isNotBlank();
        }
        assertAllExited(firstPids);
        assertThat(directory.resolve("data/logs/kafka.log")).exists();
        assertThat(directory.resolve("data/logs/ledger-service.log")).exists();
        assertThat(directory.resolve("data/logs/query-service.log")).exists();

        // A second run on the same data directory finds the same Kafka cluster, so the topic and its events.
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            assertThat(clusterId(system.bootstrapServers())).isEqualTo(clusterId);
            assertThat(healthStatus(system.ledgerUrl())).isEqualTo(200);
            assertThat(healthStatus(system.queryUrl())).isEqualTo(200);
            firstPids = List.of(system.brokerPid(), system.ledgerPid(), system.queryPid());
        }
        assertAllExited(firstPids);
    }

    @Test
    void restartsLedgerServiceOnItsDataAndStartsAnExtraQueryServiceThatStopsWithTheSystem() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0);
        List<Long> pids;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            assertThat(put(system, "/accounts/kept", "{\"currency\":\"USD\",\"kind\":\"USER\"}")).isEqualTo(201);
            long firstLedgerPid = system.ledgerPid();

            long restartedPid = system.restartLedgerService();

            assertThat(restartedPid).isNotEqualTo(firstLedgerPid).isEqualTo(system.ledgerPid());
            assertThat(isAlive(firstLedgerPid)).as("the first ledger-service is gone").isFalse();
            awaitHealthy(system.ledgerUrl());
            // The same request again is a retry of an account the restarted service finds in its data.
            assertThat(put(system, "/accounts/kept", "{\"currency\":\"USD\",\"kind\":\"USER\"}")).isEqualTo(200);

            EmbeddedSystem.ExtraService extra = system.startQueryService("rebuild", List.of("--query.kafka.group-id=rebuild"));
            assertThat(healthStatus(extra.url())).isEqualTo(200);
            assertThat(extra.url()).isNotEqualTo(system.queryUrl());
            assertThat(directory.resolve("data/rebuild")).isDirectory();
            assertThat(extra.logFile()).isEqualTo(directory.resolve("data/logs/rebuild.log").toAbsolutePath());
            pids = List.of(system.brokerPid(), system.ledgerPid(), system.queryPid(), extra.pid());
        }
        assertAllExited(pids);
    }

    private int put(EmbeddedSystem system, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.ledgerUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + system.keptKey("test.key", "test", "accounts")).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitHealthy(String baseUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (healthStatus(baseUrl) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError(baseUrl + " did not become healthy within 120 s");
    }

    private int healthStatus(String baseUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health")).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String clusterId(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            return cluster.clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertAllExited(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(PROCESS_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join());
            assertThat(isAlive(pid)).as("process %d is gone", pid).isFalse();
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
