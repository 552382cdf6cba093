package dev.microledger.ledger.clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.LedgerEvent;
import dev.microledger.ledger.TestKeys;
import dev.microledger.ledger.publishing.TopicEvents;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ledger-service with the demo clock on, as the launcher's {@code --demo} runs it: a seeder pins
 * the clock and every command, and every event on the topic, carries the pinned time. It runs on a
 * new database of its own on the test JVM's PostgreSQL server, which listens on loopback as the
 * launcher's does, because the demo clock needs a ledger without events for its first pin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = DemoClockConfiguration.ENABLED_PROPERTY + "=true")
class DemoClockIntegrationTests {

    private static final String TOPIC = "ledger.events.demo-clock-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ledger.kafka.bootstrap-servers", () -> SharedTestBroker.get().bootstrapServers());
        registry.add("ledger.kafka.username", () -> SharedTestBroker.ledgerServiceLogin().username());
        registry.add("ledger.kafka.password", () -> SharedTestBroker.ledgerServiceLogin().password());
        registry.add("ledger.kafka.topic", () -> TOPIC);
        registry.add("ledger.access.admin-key", () -> TestKeys.ADMIN_KEY);
        registry.add("ledger.events.chain-key", () -> TestKeys.EVENT_CHAIN_KEY);
        PostgresDatabase database = SharedTestPostgres.freshDatabase("ledger_demo_clock");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Test
    void commandsAndTheirEventsCarryThePinnedTimeAndTheClockOnlyMovesForwardOnceTheLedgerHoldsEvents() throws Exception {
        Instant monthAgo = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(send("PUT", "/demo/clock", "{\"at\":\"" + monthAgo + "\"}").path("at").asText()).isEqualTo(monthAgo.toString());
        send("PUT", "/accounts/funding", "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}");
        send("PUT", "/accounts/alice", "{\"currency\":\"USD\",\"kind\":\"USER\"}");
        Instant dayLater = monthAgo.plus(1, ChronoUnit.DAYS);
        send("PUT", "/demo/clock", "{\"at\":\"" + dayLater + "\"}");

        JsonNode topUp = send("POST", "/transfers", "{\"transferId\":\"top-up-1\",\"debitAccountId\":\"funding\","
                + "\"creditAccountId\":\"alice\",\"amount\":\"5\",\"currency\":\"USD\"}");
        JsonNode backwards = send("PUT", "/demo/clock", "{\"at\":\"" + monthAgo + "\"}");
        JsonNode ahead = send("PUT", "/demo/clock", "{\"at\":\"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}");
        JsonNode released = send("DELETE", "/demo/clock", null);
        JsonNode later = send("POST", "/transfers", "{\"transferId\":\"top-up-2\",\"debitAccountId\":\"funding\","
                + "\"creditAccountId\":\"alice\",\"amount\":\"1\",\"currency\":\"USD\"}");

        assertThat(topUp.path("createdAt").asText()).isEqualTo(dayLater.toString());
        assertThat(backwards.path("code").asText()).isEqualTo("clock_backwards");
        assertThat(backwards.path("clock").asText()).isEqualTo(dayLater.toString());
        assertThat(ahead.path("code").asText()).isEqualTo("clock_ahead_of_time");
        assertThat(released.path("pinned").asBoolean()).isFalse();
        assertThat(Instant.parse(later.path("createdAt").asText())).isAfter(Instant.now().minus(5, ChronoUnit.MINUTES));
        List<LedgerEvent> aliceEvents = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC, Set.of("alice"),
                3, Duration.ofSeconds(60));
        assertThat(aliceEvents).extracting(LedgerEvent::time).startsWith(monthAgo, dayLater);
        assertThat(aliceEvents.get(1).data()).isInstanceOf(AccountEntry.class);
    }

    @Test
    void aTimeThatIsNoTimeIsABadRequest() throws Exception {
        JsonNode answer = send("PUT", "/demo/clock", "{\"at\":\"yesterday\"}");

        assertThat(answer.path("status").asInt()).isEqualTo(400);
        assertThat(answer.path("code").asText()).isEqualTo("validation_failed");
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestKeys.allRoles(port));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
