package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query-service may start before the ledger-service has created the topic: it must wait,
 * healthy and saying so, and project as soon as the topic appears.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConsumerStartupIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.startup-" + TAG;
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("startup");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> TOPIC);
        registry.add("query.kafka.group-id", () -> "query-startup-" + TAG);
        registry.add("query.kafka.topic-retry-millis", () -> "200");
        DATABASE.register(registry);
    }

    @Test
    void waitsHealthyForAMissingTopicAndProjectsOnceItExists() throws InterruptedException {
        TestHttp http = new TestHttp(port);
        awaitProjectionState(http, "WAITING_FOR_TOPIC");

        TestKafka.createTopic(TOPIC, 12);
        TestLedger ledger = new TestLedger();
        String funding = TAG + "-funding";
        String frank = TAG + "-frank";
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", "KRW", 2, "0"));
        events.add(ledger.open(frank, "USER", "KRW", 2, "30000"));
        events.addAll(ledger.transfer(TAG + "-carrier-bill", frank, funding, "1200", "carrier"));
        TestKafka.produce(TOPIC, events);

        JsonNode account = http.awaitAccount(frank, ledger.version(frank), TIMEOUT);
        assertThat(account.get("balance").asText()).isEqualTo("-1200");
        assertThat(account.get("available").asText()).isEqualTo("28800");
        awaitProjectionState(http, "CONSUMING");
    }

    private static void awaitProjectionState(TestHttp http, String state) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode health;
        do {
            health = http.get("/actuator/health").json();
            if (state.equals(health.at("/components/projection/details/state").asText())) {
                assertThat(health.get("status").asText()).isEqualTo("UP");
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("the projection did not reach state " + state + ": " + health);
    }
}
