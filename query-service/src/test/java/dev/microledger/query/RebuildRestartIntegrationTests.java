package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.MixedWorkload;
import dev.microledger.query.support.ProjectionSnapshot;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild under way when the service stops goes on, when it starts again, from the offsets its
 * last transaction saved, not from the start of the topic; with {@code resume-on-startup} off it is
 * dropped instead, and the tables that were live stay live.
 */
class RebuildRestartIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String REBUILD = "/admin/projections/rebuild";

    private final String tag = TestKafka.uniqueTag();
    private final String topic = "ledger.events.restart-" + tag;
    private final String group = "query-restart-" + tag;
    private final TestLedger ledger = new TestLedger();
    private final MixedWorkload workload = new MixedWorkload(ledger, tag, "S" + tag.toUpperCase(Locale.ROOT));

    @Test
    void aRebuildUnderWayWhenTheServiceStopsResumesFromItsSavedOffsets() {
        TestKafka.createTopic(topic, 12);
        TestDatabase database = TestDatabase.empty("restart");
        TestDatabase reference = TestDatabase.empty("restart-reference");
        try {
            List<LedgerEvent> first = workload.events("first", 6, 80);
            long before;
            long generation;
            try (ConfigurableApplicationContext service = start(database, group, true)) {
                TestHttp http = http(service);
                TestKafka.produce(topic, first);
                TestKafka.awaitCaughtUp(topic, group, TIMEOUT);
                assertThat(http.send("POST", REBUILD + "?switchover=manual", "application/json").status()).isEqualTo(202);
                JsonNode ready = awaitState(http, "READY");
                before = ready.get("recordsDone").asLong();
                generation = ready.get("generation").asLong();
                assertThat(before).isEqualTo(first.size());
                assertThat(ready.get("projected").asLong()).isEqualTo(first.size());
            }
            List<LedgerEvent> second = workload.events("second", 3, 40);
            TestKafka.produce(topic, second);

            try (ConfigurableApplicationContext service = start(database, group, true)) {
                TestHttp http = http(service);
                JsonNode resumed = awaitState(http, "READY");
                assertThat(resumed.get("resumed").asBoolean()).isTrue();
                assertThat(resumed.get("generation").asLong()).isEqualTo(generation);
                assertThat(resumed.get("recordsDone").asLong()).isEqualTo(before + second.size());
                // Only the records after the saved offsets were projected again.
                assertThat(resumed.get("projected").asLong()).isEqualTo(second.size());

                assertThat(http.send("POST", REBUILD + "/switch", "application/json").status()).isEqualTo(202);
                assertThat(awaitState(http, "SWITCHED").get("liveGeneration").asLong()).isEqualTo(generation);
                TestKafka.awaitCaughtUp(topic, group, TIMEOUT);
                assertThat(ProjectionSnapshot.of(service.getBean(DataSource.class)))
                        .isEqualTo(referenceSnapshot(reference));
            }
        } finally {
            database.dropOwnSchema();
            reference.dropOwnSchema();
        }
    }

    @Test
    void withResumeOffARebuildUnderWayWhenTheServiceStopsIsDroppedAndTheLiveTablesStay() {
        TestKafka.createTopic(topic, 12);
        TestDatabase database = TestDatabase.empty("abandon");
        try {
            Map<String, List<List<String>>> live;
            String building;
            try (ConfigurableApplicationContext service = start(database, group, false)) {
                TestHttp http = http(service);
                TestKafka.produce(topic, workload.events("abandon", 4, 40));
                TestKafka.awaitCaughtUp(topic, group, TIMEOUT);
                live = ProjectionSnapshot.of(service.getBean(DataSource.class));
                assertThat(http.send("POST", REBUILD + "?switchover=manual", "application/json").status()).isEqualTo(202);
                building = awaitState(http, "READY").get("schema").asText();
            }

            try (ConfigurableApplicationContext service = start(database, group, false)) {
                TestHttp http = http(service);
                JsonNode status = http.get(REBUILD).json();
                assertThat(status.get("state").asText()).isEqualTo("IDLE");
                assertThat(status.get("liveGeneration").asLong()).isEqualTo(1);
                DataSource dataSource = service.getBean(DataSource.class);
                assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(live);
                try (var connection = dataSource.getConnection()) {
                    assertThat(ProjectionSnapshot.tables(connection, building)).isEmpty();
                }
                // The abandoned generation no longer blocks a new rebuild.
                assertThat(http.send("POST", REBUILD, "application/json").status()).isEqualTo(202);
                assertThat(awaitState(http, "SWITCHED").get("generation").asLong()).isEqualTo(3);
                assertThat(ProjectionSnapshot.of(dataSource)).isEqualTo(live);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            database.dropOwnSchema();
        }
    }

    private Map<String, List<List<String>>> referenceSnapshot(TestDatabase reference) {
        String referenceGroup = "query-restart-reference-" + tag;
        try (ConfigurableApplicationContext service = start(reference, referenceGroup, true)) {
            TestKafka.awaitCaughtUp(topic, referenceGroup, TIMEOUT);
            Map<String, List<List<String>>> snapshot = ProjectionSnapshot.of(service.getBean(DataSource.class));
            assertThat(snapshot.get("entry_view")).isNotEmpty();
            return snapshot;
        }
    }

    private ConfigurableApplicationContext start(TestDatabase database, String groupId, boolean resume) {
        List<String> arguments = new ArrayList<>();
        database.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--server.address=127.0.0.1");
        arguments.addAll(TestKafka.connectionArguments());
        arguments.add("--query.kafka.topic=" + topic);
        arguments.add("--query.kafka.group-id=" + groupId);
        arguments.add("--query.kafka.topic-retry-millis=200");
        arguments.add("--query.rebuild.transaction-records-max=200");
        arguments.add("--query.rebuild.drop-delay-millis=100");
        arguments.add("--query.rebuild.catch-up-records-max=0");
        arguments.add("--query.rebuild.resume-on-startup=" + resume);
        return new SpringApplicationBuilder(QueryServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static TestHttp http(ConfigurableApplicationContext service) {
        return new TestHttp(((WebServerApplicationContext) service).getWebServer().getPort());
    }

    private static JsonNode awaitState(TestHttp http, String state) {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode status;
        do {
            status = http.get(REBUILD).json();
            if (status.get("state").asText().equals(state)) {
                return status;
            }
            assertThat(status.get("state").asText()).as("rebuild status %s", status).isNotEqualTo("FAILED");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the rebuild did not reach " + state + " within " + TIMEOUT + ": " + status);
    }
}
