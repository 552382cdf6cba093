package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that fails under the projection: each batch is rolled back and read again from
 * the committed offsets, the health endpoint says so, and once the database is back every
 * event is applied exactly once. The failure is made by renaming a table, so this class has a
 * database of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProjectionRetryIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.retry-" + TAG;
    private static final TestDatabase DATABASE = TestDatabase.empty("retry");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void createTopic() {
        TestKafka.createTopic(TOPIC, 12);
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.dropOwnSchema();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> TOPIC);
        registry.add("query.kafka.group-id", () -> "query-retry-" + TAG);
        registry.add("query.kafka.retry-backoff-millis-min", () -> "50");
        registry.add("query.kafka.retry-backoff-millis-max", () -> "400");
        DATABASE.register(registry);
    }

    @Test
    void aFailingDatabaseIsRetriedFromTheCommittedOffsetsUntilItIsBack() throws InterruptedException {
        TestHttp http = new TestHttp(port);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TestLedger ledger = new TestLedger();
        String funding = TAG + "-funding";
        String grace = TAG + "-grace";
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", "EUR", 6, "0"),
                ledger.open(grace, "USER", "EUR", 6, "0")));
        http.awaitAccount(grace, 0, TIMEOUT);
        http.awaitAccount(funding, 0, TIMEOUT);
        double retriesBefore = meters.get("query.projection.retries").counter().count();

        jdbc.execute("ALTER TABLE entry_view RENAME TO entry_view_away");
        List<LedgerEvent> transfers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            transfers.addAll(ledger.transfer(TAG + "-top-up-" + i, funding, grace, "0.5", "top-up"));
        }
        TestKafka.produce(TOPIC, transfers);
        JsonNode failing = awaitHealth(http, health -> health.at("/components/projection/details/consecutiveFailures")
                .asInt() >= 2);
        assertThat(failing.at("/components/projection/details/state").asText()).isEqualTo("RETRYING");
        assertThat(failing.at("/components/projection/details/lastFailure").asText()).isNotBlank();
        assertThat(http.get("/accounts/" + grace).json().get("version").asLong()).isZero();
        jdbc.execute("ALTER TABLE entry_view_away RENAME TO entry_view");

        assertThat(http.awaitAccount(grace, ledger.version(grace), TIMEOUT).get("balance").asText()).isEqualTo("5");
        assertThat(http.awaitAccount(funding, ledger.version(funding), TIMEOUT).get("balance").asText()).isEqualTo("-5");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM entry_view WHERE account_id IN (?, ?)", Long.class,
                grace, funding)).isEqualTo(20);
        assertThat(meters.get("query.projection.retries").counter().count() - retriesBefore).isGreaterThanOrEqualTo(2);
        awaitHealth(http, health -> "CONSUMING".equals(health.at("/components/projection/details/state").asText()));
    }

    private static JsonNode awaitHealth(TestHttp http, Predicate<JsonNode> condition) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode health;
        do {
            health = http.get("/actuator/health").json();
            if (condition.test(health)) {
                return health;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the health endpoint never showed the expected state: " + health);
    }
}
