package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.microledger.postgres.PostgresDatabase;
import org.apache.kafka.clients.admin.Admin;
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

    @org.junit.jupiter.api.BeforeEach
    void openDirectory() {
        TestDirectories.enterableByOthers(directory);
    }

    @Test
    void startsAllFourProcessesAndStopsThemAgainResumingOnTheSameData() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);

        String clusterId;
        List<Long> firstPids;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            firstPids = List.of(system.postgresPid(), system.brokerPid(), system.ledgerPid(), system.queryPid());
            assertThat(firstPids).allMatch(EmbeddedSystemIntegrationTests::isAlive);
            assertThat(ProcessHandle.of(system.postgresPid()).flatMap(handle -> handle.info().user()))
                    .as("PostgreSQL never runs as root").isPresent().get().isNotEqualTo("root");

            assertThat(healthStatus(system.ledgerUrl())).isEqualTo(200);
            assertThat(healthStatus(system.queryUrl())).isEqualTo(200);
            clusterId = clusterId(system);
            assertThat(clusterId).isNotBlank();
            assertKafkaPasswordsArePrivate(system);
        }
        assertAllExited(firstPids);
        assertThat(directory.resolve("data/logs/postgres.log")).exists();
        assertThat(directory.resolve("data/postgres/PG_VERSION")).exists();
        assertThat(directory.resolve("data/logs/kafka.log")).exists();
        assertThat(directory.resolve("data/logs/ledger-service.log")).exists();
        assertThat(directory.resolve("data/logs/query-service.log")).exists();

        // A second run on the same data directory finds the same Kafka cluster, so the topic and its events.
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            assertThat(clusterId(system)).isEqualTo(clusterId);
            assertThat(healthStatus(system.ledgerUrl())).isEqualTo(200);
            assertThat(healthStatus(system.queryUrl())).isEqualTo(200);
            firstPids = List.of(system.postgresPid(), system.brokerPid(), system.ledgerPid(), system.queryPid());
        }
        assertAllExited(firstPids);
    }

    @Test
    void refusesADataDirectoryOfTheH2VersionWithoutTouchingIt() throws Exception {
        Path data = directory.resolve("old");
        Path ledgerFile = java.nio.file.Files.createDirectories(data.resolve("ledger")).resolve("ledger.mv.db");
        Path queryFile = java.nio.file.Files.createDirectories(data.resolve("query")).resolve("query.mv.db");
        java.nio.file.Files.writeString(ledgerFile, "the events of an earlier ledger");
        java.nio.file.Files.writeString(queryFile, "its projections");
        List<Path> before;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data)) {
            before = files.sorted().toList();
        }

        assertThatThrownBy(() -> EmbeddedSystem.start(EmbeddedSystem.Settings.defaults(data).withPorts(0, 0, 0, 0, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made by an earlier version of micro-ledger")
                .hasMessageContaining("ledger.mv.db")
                .hasMessageContaining("nothing in the directory was changed")
                .hasMessageContaining("give another --data-dir");

        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data)) {
            assertThat(files.sorted().toList()).as("no lock, no credentials, no cluster").isEqualTo(before);
        }
        assertThat(java.nio.file.Files.readString(ledgerFile)).isEqualTo("the events of an earlier ledger");
    }

    /**
     * Each service logs in as itself, which is no superuser and cannot reach the other's database;
     * the analysts' login reads the projections and changes nothing; nobody logs in without a password.
     */
    @Test
    void eachLoginMayDoWhatItIsForAndNothingElse() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            assertThat(put(system, "/accounts/seen-by-analysts", "{\"currency\":\"USD\",\"kind\":\"USER\"}")).isEqualTo(201);
            PostgresDatabase ledger = system.ledgerDatabase();
            PostgresDatabase query = system.queryDatabase();
            PostgresDatabase analyst = system.analystDatabase();
            for (PostgresDatabase login : List.of(ledger, query, analyst)) {
                try (Connection connection = login.dataSource().getConnection();
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles"
                             + " WHERE rolname = current_user")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getBoolean(1)).as("%s has no power beyond its data", login.username()).isFalse();
                }
            }
            assertThatThrownBy(() -> new PostgresDatabase(query.url(), ledger.username(), ledger.password())
                    .dataSource().getConnection().close())
                    .as("ledger-service's login cannot reach the projections").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> new PostgresDatabase(ledger.url(), analyst.username(), analyst.password())
                    .dataSource().getConnection().close())
                    .as("analysts cannot reach the event store").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> new PostgresDatabase(ledger.url(), ledger.username(), "wrong")
                    .dataSource().getConnection().close()).isInstanceOf(SQLException.class);

            try (Connection connection = analyst.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                awaitRow(statement, "SELECT count(*) FROM account_view WHERE account_id = 'seen-by-analysts'");
                // A session may turn read-only off; the grants refuse the change all the same.
                statement.execute("SET default_transaction_read_only = off");
                assertThatThrownBy(() -> statement.execute(
                        "UPDATE account_view SET balance_minor = 1000000 WHERE account_id = 'seen-by-analysts'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.execute("CREATE TABLE mine (n int)")).isInstanceOf(SQLException.class);
            }
        }
    }

    private static void awaitRow(Statement statement, String countQuery) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (ResultSet rows = statement.executeQuery(countQuery)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no row for " + countQuery + " within 30 s");
    }

    @Test
    void restartsLedgerServiceOnItsDataAndStartsAnExtraQueryServiceThatStopsWithTheSystem() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);
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

            EmbeddedSystem.ExtraService extra = system.startQueryService("rebuild", List.of("--query.kafka.group-id=query-rebuild"));
            assertThat(healthStatus(extra.url())).isEqualTo(200);
            assertThat(extra.url()).isNotEqualTo(system.queryUrl());
            assertThat(new PostgresDatabase(system.queryDatabase().url().replaceFirst("/query$", "/query_rebuild"),
                    system.queryDatabase().username(), system.queryDatabase().password()).dataSource().getConnection().isValid(5))
                    .as("the extra query-service has a database of its own").isTrue();
            assertThat(extra.logFile()).isEqualTo(directory.resolve("data/logs/rebuild.log").toAbsolutePath());
            pids = List.of(system.postgresPid(), system.brokerPid(), system.ledgerPid(), system.queryPid(), extra.pid());
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

    /**
     * Each Kafka password, and the event chain key, is in a file its owner alone may read, and in
     * no process's command line.
     */
    private void assertKafkaPasswordsArePrivate(EmbeddedSystem system) throws IOException {
        Path credentials = directory.resolve("data/credentials");
        for (String file : List.of("kafka-broker.password", "kafka-ledger-service.password", "kafka-query-service.password",
                "event-chain.key")) {
            Path password = credentials.resolve(file);
            assertThat(PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(password)))
                    .as(file).isEqualTo("rw-------");
            String secret = java.nio.file.Files.readString(password).trim();
            for (long pid : List.of(system.brokerPid(), system.ledgerPid(), system.queryPid())) {
                assertThat(ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse(""))
                        .as("the command line of pid %d", pid).doesNotContain(secret);
            }
        }
        assertThat(system.brokerAdminLogin().password())
                .isEqualTo(java.nio.file.Files.readString(credentials.resolve("kafka-broker.password")).trim());
    }

    private static String clusterId(EmbeddedSystem system) throws Exception {
        try (Admin admin = Admin.create(system.brokerAdminLogin().clientProperties(system.bootstrapServers()))) {
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
