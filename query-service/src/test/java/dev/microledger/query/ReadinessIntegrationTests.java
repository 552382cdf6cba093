package dev.microledger.query;

import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness means ready: a query-service started on a topic that already holds events reports
 * {@code /actuator/health/readiness} UP only once it has projected them, so the first read after
 * that finds the last write without waiting.
 */
class ReadinessIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.readiness-" + TAG;
    private static final String CURRENCY = "Y" + TAG.toUpperCase(Locale.ROOT);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readinessWaitsForTheProjectionToCatchUpWithTheTopicAsItWasAtStart() throws Exception {
        TestKafka.createTopic(TOPIC, 3);
        TestLedger ledger = new TestLedger();
        String funding = "funding-" + TAG;
        String alice = "alice-" + TAG;
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"));
        events.add(ledger.open(alice, "USER", CURRENCY, 6, "0"));
        for (int i = 0; i < 400; i++) {
            events.addAll(ledger.transfer("t-" + TAG + "-" + i, funding, alice, "0.01", "top-up"));
        }
        TestKafka.produce(TOPIC, events);

        TestDatabase database = TestDatabase.empty("readiness");
        List<String> arguments = new ArrayList<>();
        database.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--server.port=0");
        arguments.addAll(TestKafka.connectionArguments());
        arguments.add("--query.kafka.topic=" + TOPIC);
        arguments.add("--query.kafka.group-id=query-readiness-" + TAG);
        // Small polls, so that catching up takes many batches.
        arguments.add("--query.kafka.max-poll-records=20");
        try (ConfigurableApplicationContext service =
                     new SpringApplicationBuilder(QueryServiceApplication.class).run(arguments.toArray(String[]::new))) {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            int notReady = awaitReady(port);

            // 800 events in polls of 20 take dozens of transactions: it was not ready at first, though healthy.
            assertThat(notReady).as("readiness answers 503 while catching up").isPositive();
            // The very first read, without minVersion: everything produced before the start is there.
            TestHttp http = new TestHttp(port);
            TestHttp.Response account = http.get("/accounts/" + alice);
            assertThat(account.status()).as(account.toString()).isEqualTo(200);
            assertThat(account.json().get("version").asLong()).isEqualTo(ledger.version(alice));
            assertThat(account.json().get("balance").asText()).isEqualTo(ledger.balance(alice));
            assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);
        } finally {
            database.dropOwnSchema();
        }
    }

    /** @return how many times readiness answered 503 before it answered 200 */
    private int awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int notReady = 0;
        while (System.nanoTime() < deadline) {
            int readiness = status(port, "/actuator/health/readiness");
            if (readiness == 200) {
                return notReady;
            }
            assertThat(readiness).isEqualTo(503);
            assertThat(status(port, "/actuator/health")).as("healthy while catching up").isEqualTo(200);
            notReady++;
            Thread.sleep(10);
        }
        throw new AssertionError("query-service was not ready within " + TIMEOUT);
    }

    private int status(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
