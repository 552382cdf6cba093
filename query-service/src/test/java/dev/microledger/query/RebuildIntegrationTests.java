package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.MixedWorkload;
import dev.microledger.query.support.ProjectionSnapshot;
import dev.microledger.query.support.TestChain;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding the projections while the service runs, through the real broker and a real
 * database: the rebuilt tables must equal, row by row and table by table, what a projection
 * that was never rebuilt holds after the same events (a second instance on an empty database,
 * reading the whole topic). The workload touches every table, and the comparison reads every
 * table of the live generation, so tables added by later migrations are compared as well.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests leave metrics export off unless asked; the rebuild's meters are part of operating it.
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RebuildIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.rebuild-" + TAG;
    private static final String GROUP = "query-rebuild-" + TAG;
    private static final String CURRENCY = "R" + TAG.toUpperCase(Locale.ROOT);
    /** A database of its own: a rebuild replaces every table, so it must not share them with other tests. */
    private static final TestDatabase DATABASE = TestDatabase.empty("rebuild");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String REBUILD = "/admin/projections/rebuild";

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private MeterRegistry meters;

    private TestHttp http;
    private static final TestLedger ledger = new TestLedger();
    private static final MixedWorkload workload = new MixedWorkload(ledger, TAG, CURRENCY);

    @BeforeAll
    static void createTopic() {
        TestKafka.createTopic(TOPIC, 12);
    }

    @AfterAll
    static void dropSchemas() {
        DATABASE.dropOwnSchema();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> TOPIC);
        registry.add("query.kafka.group-id", () -> GROUP);
        registry.add("query.kafka.topic-retry-millis", () -> "200");
        // Small transactions, so a rebuild of a test's few thousand records spans many of them.
        registry.add("query.rebuild.transaction-records-max", () -> "300");
        registry.add("query.rebuild.drop-delay-millis", () -> "100");
        // Ready (and ready to switch) only once it has read everything the topic held at that moment.
        registry.add("query.rebuild.catch-up-records-max", () -> "0");
        registry.add("query.rebuild.retry-backoff-millis", () -> "50");
        registry.add("query.rebuild.failures-max", () -> "2");
        registry.add("query.rebuild.progress-log-interval-seconds", () -> "1");
        DATABASE.register(registry);
    }

    @BeforeEach
    void connect() {
        http = new TestHttp(port);
    }

    @Test
    void aRebuildSwitchesToTablesEqualRowByRowToTheOnesItReplaces() {
        produce(workload.events("replace", 8, 120));
        produceOddRecords("replace");
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        Map<String, List<List<String>>> before = ProjectionSnapshot.of(dataSource);
        String schemaBefore = ProjectionSnapshot.schema(dataSource);
        assertThat(before).containsKeys("account_view", "entry_view", "hold_view", "decline_view");
        assertThat(before.get("entry_view")).isNotEmpty();
        assertThat(before.get("hold_view")).isNotEmpty();
        assertThat(before.get("decline_view")).isNotEmpty();
        long liveBefore = liveGeneration();

        Response started = http.send("POST", REBUILD, "application/json");

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().get("generation").asLong()).isEqualTo(liveBefore + 1);
        JsonNode switched = awaitState("SWITCHED");
        assertThat(switched.get("liveGeneration").asLong()).isEqualTo(liveBefore + 1);
        assertThat(switched.get("recordsDone").asLong()).isEqualTo(switched.get("recordsTotal").asLong());
        assertThat(switched.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(switched.get("partitions")).hasSize(12);
        assertThat(switched.get("failure").isNull()).isTrue();
        assertThat(ProjectionSnapshot.schema(dataSource)).isNotEqualTo(schemaBefore);
        assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(before);
        assertThat(meters.get("query.projection.generation").gauge().value()).isEqualTo(liveBefore + 1.0);
        assertThat(http.get("/actuator/prometheus", "text/plain").body())
                .contains("query_projection_generation{", "query_rebuild_running{", "query_rebuild_records_done{",
                        "query_rebuild_records_topic{", "query_rebuild_records_rate{", "query_rebuild_eta_seconds{",
                        "query_rebuilds_total{");
        awaitNoProjectionTablesIn(schemaBefore);
        // Whoever reads the tables with SQL by the service's own schema reads the live generation there.
        assertThat(ProjectionSnapshot.ofSchema(dataSource, baseSchema())).isEqualTo(before);
    }

    @Test
    void eventsProducedWhileTheRebuildRunsAreNeitherLostNorCountedTwice() throws Exception {
        produce(workload.events("during-before", 6, 80));
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        List<List<LedgerEvent>> chunks = new ArrayList<>();
        for (int chunk = 0; chunk < 10; chunk++) {
            chunks.add(workload.events("during-" + chunk, 3, 30));
        }

        Response started = http.send("POST", REBUILD, "application/json");
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> chunks.forEach(this::produce));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        awaitState("SWITCHED");
        producing.get();
        produce(workload.events("during-after", 3, 30));

        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(referenceSnapshot("during"));
        String payer = workload.id("during-after", "payer-1");
        assertThat(http.awaitAccount(payer, ledger.version(payer), TIMEOUT).get("balance").asText())
                .isEqualTo(ledger.balance(payer));
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflictAndAManualSwitchWaitsForTheOperator() {
        produce(workload.events("manual", 4, 40));
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        Map<String, List<List<String>>> before = ProjectionSnapshot.of(dataSource);
        long liveBefore = liveGeneration();
        assertProblem(http.send("POST", REBUILD + "/switch", "application/json"), 409, "rebuild_not_ready");

        assertThat(http.send("POST", REBUILD + "?switchover=manual", "application/json").status()).isEqualTo(202);
        JsonNode ready = awaitState("READY");
        assertProblem(http.send("POST", REBUILD, "application/json"), 409, "rebuild_in_progress");
        assertProblem(http.send("POST", REBUILD + "?switchover=manual", "application/json"), 409, "rebuild_in_progress");

        JsonNode stillReady = http.get(REBUILD).json();
        assertThat(stillReady.get("state").asText()).isEqualTo("READY");
        assertThat(stillReady.get("generation").asLong()).isEqualTo(ready.get("generation").asLong());
        assertThat(stillReady.get("manualSwitch").asBoolean()).isTrue();
        assertThat(liveGeneration()).isEqualTo(liveBefore);
        assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(before);

        assertThat(http.send("POST", REBUILD + "/switch", "application/json").status()).isEqualTo(202);
        assertThat(awaitState("SWITCHED").get("liveGeneration").asLong()).isEqualTo(liveBefore + 1);
        assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(before);
    }

    @Test
    void aSwitchoverThatIsNeitherAutoNorManualIsRefusedAndStartsNothing() {
        String stateBefore = http.get(REBUILD).json().get("state").asText();
        long liveBefore = liveGeneration();

        assertProblem(http.send("POST", REBUILD + "?switchover=later", "application/json"), 400, "validation_failed");

        assertThat(http.get(REBUILD).json().get("state").asText()).isEqualTo(stateBefore);
        assertThat(liveGeneration()).isEqualTo(liveBefore);
    }

    @Test
    void aFailedRebuildLeavesTheLiveTablesServingAndDropsWhatItBuilt() {
        produce(workload.events("fail", 4, 40));
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        long liveBefore = liveGeneration();
        String liveSchema = ProjectionSnapshot.schema(dataSource);
        assertThat(http.send("POST", REBUILD + "?switchover=manual", "application/json").status()).isEqualTo(202);
        String building = awaitState("READY").get("schema").asText();

        // The rebuild's tables break under it: its next transaction cannot write entries.
        new JdbcTemplate(dataSource).execute("DROP TABLE \"" + building + "\".entry_view");
        List<LedgerEvent> after = workload.events("fail-after", 2, 16);
        produce(after);

        JsonNode failed = awaitState("FAILED");
        assertThat(failed.get("failure").asText().toLowerCase(Locale.ROOT)).contains("entry_view");
        assertThat(failed.get("liveGeneration").asLong()).isEqualTo(liveBefore);
        assertThat(ProjectionSnapshot.schema(dataSource)).isEqualTo(liveSchema);
        String payer = workload.id("fail-after", "payer-1");
        assertThat(http.awaitAccount(payer, ledger.version(payer), TIMEOUT).get("balance").asText())
                .isEqualTo(ledger.balance(payer));
        awaitSchemaGone(building);
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(referenceSnapshot("after-failure"));
    }

    private void produce(List<LedgerEvent> events) {
        TestKafka.produce(TOPIC, events);
    }

    /**
     * Records the projection refuses or skips: an event type it does not know (from the ledger, so
     * linked), a malformed record, a duplicate.
     */
    private void produceOddRecords(String name) {
        String account = workload.id(name, "odd");
        LedgerEvent opened = ledger.open(account, "USER", CURRENCY, 6, "0");
        produce(List.of(opened));
        byte[] unknown = ledger.unknownEventJson(account, "ledger.account.renamed.v1");
        TestKafka.produceRecord(TOPIC, account, unknown, TestChain.link(TOPIC, account, 1, unknown));
        TestKafka.produceRaw(TOPIC, account, "{not json".getBytes(StandardCharsets.UTF_8));
        produce(List.of(opened));
    }

    /** The tables of a second instance that read the whole topic into an empty database, never rebuilt. */
    private Map<String, List<List<String>>> referenceSnapshot(String name) {
        TestDatabase empty = TestDatabase.empty("reference-" + name);
        String group = "query-reference-" + name + "-" + TAG;
        List<String> arguments = new ArrayList<>();
        empty.properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=0");
        arguments.addAll(TestKafka.connectionArguments());
        arguments.add("--query.kafka.topic=" + TOPIC);
        arguments.add("--query.kafka.group-id=" + group);
        try (ConfigurableApplicationContext reference =
                     new SpringApplicationBuilder(QueryServiceApplication.class).run(arguments.toArray(String[]::new))) {
            TestKafka.awaitCaughtUp(TOPIC, group, TIMEOUT);
            Map<String, List<List<String>>> snapshot = ProjectionSnapshot.of(reference.getBean(DataSource.class));
            assertThat(snapshot.get("account_view")).isNotEmpty();
            return snapshot;
        } finally {
            empty.dropOwnSchema();
        }
    }

    private long liveGeneration() {
        return http.get(REBUILD).json().get("liveGeneration").asLong();
    }

    private JsonNode awaitState(String state) {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode status;
        do {
            Response response = http.get(REBUILD);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            status = response.json();
            if (status.get("state").asText().equals(state)) {
                return status;
            }
            assertThat(status.get("state").asText()).as("rebuild status %s", status)
                    .isNotIn(state.equals("FAILED") ? List.of("SWITCHED") : List.of("FAILED"));
            sleep(50);
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the rebuild did not reach " + state + " within " + TIMEOUT + ": " + status);
    }

    private void awaitNoProjectionTablesIn(String schema) {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        List<String> tables;
        do {
            tables = tablesIn(schema);
            if (tables.isEmpty()) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the retired generation's tables were not dropped: " + tables);
    }

    private void awaitSchemaGone(String schema) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        do {
            Integer found = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", Integer.class, schema);
            if (found != null && found == 0) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the failed generation's schema " + schema + " was not dropped");
    }

    /** The schema the service's connections start in, where the first generation was. */
    private static String baseSchema() {
        return DATABASE.schema();
    }

    private List<String> tablesIn(String schema) {
        try (var connection = dataSource.getConnection()) {
            return ProjectionSnapshot.baseTables(connection, schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
