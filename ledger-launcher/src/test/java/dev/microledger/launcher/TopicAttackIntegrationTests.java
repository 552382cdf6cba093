package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.broker.KafkaLogin;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventTypes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks on the ledger's topic, tried on the embedded default as ./micro-ledger runs it:
 * query-service's own login cannot write the topic, and a credit forged with the broker's super
 * user (a stolen credential, the worst case) is never projected: the account answers 503
 * account_held until the ledger's true next event arrives, and the audit of the event store
 * still verifies.
 */
class TopicAttackIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "ledger.events";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    @org.junit.jupiter.api.BeforeEach
    void openDirectory() {
        TestDirectories.enterableByOthers(directory);
    }

    @Test
    void aForgedCreditIsHeldBackAndQueryServicesLoginCannotWriteTheTopic() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            String key = system.keptKey("attack.key", "attack test", "payments", "treasury", "accounts", "support", "operator");
            assertThat(send(system.ledgerUrl(), key, "PUT", "/accounts/funding", "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}").status)
                    .isEqualTo(201);
            assertThat(send(system.ledgerUrl(), key, "PUT", "/accounts/alice", "{\"currency\":\"USD\",\"kind\":\"USER\"}").status)
                    .isEqualTo(201);
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("top-up-1", "5")).status).isEqualTo(201);
            assertThat(awaitAccount(system, key, "alice", 1).path("balance").asText()).isEqualTo("5");

            // query-service's login may read the topic, never write it.
            String queryPassword = Files.readString(directory.resolve("data/credentials/kafka-query-service.password")).trim();
            try (KafkaProducer<String, byte[]> producer =
                         producer(system, KafkaLogin.scram(dev.microledger.broker.LedgerAcls.QUERY_SERVICE_USERNAME, queryPassword), false)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "alice", new byte[] {'{', '}'}))
                        .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }

            // With the broker's super user, a credit of a million at alice's next sequence, right in every field but the link.
            LedgerEvent forged = new LedgerEvent(UUID.randomUUID().toString(), "/micro-ledger/ledger-service",
                    LedgerEventTypes.ACCOUNT_CREDITED, Instant.now(), new AccountEntry("alice", 2, AccountEntry.Direction.CREDIT,
                    "forged", "funding", "1000000", "USD", 6, "top-up", null, "1000005"));
            byte[] link = new byte[EventChain.LINK_BYTES];
            new SecureRandom().nextBytes(link);
            try (KafkaProducer<String, byte[]> producer = producer(system, system.brokerAdminLogin(), true)) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, "alice", new LedgerEventCodec().encode(forged));
                record.headers().add(EventChain.HEADER, link);
                producer.send(record).get(30, TimeUnit.SECONDS);
            }

            JsonNode held = awaitHeld(system, key, "alice");
            assertThat(held.path("reason").asText()).isEqualTo("integrity");
            Response vouched = send(system.queryUrl(), key, "GET", "/accounts/alice?minVersion=2", null);
            assertThat(vouched.status).isEqualTo(503);
            assertThat(JSON.readTree(vouched.body).path("code").asText()).isEqualTo("account_held");

            // The ledger goes on, and its true event at that sequence lifts the hold.
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("top-up-2", "1")).status).isEqualTo(201);
            assertThat(awaitAccount(system, key, "alice", 2).path("balance").asText()).isEqualTo("6");

            Response audit = send(system.ledgerUrl(), key, "GET", "/admin/audit?waitSeconds=120", null);
            assertThat(audit.status).as(audit.body).isEqualTo(200);
            assertThat(JSON.readTree(audit.body).path("state").asText()).isEqualTo("VERIFIED");
        }
    }

    private static String transfer(String transferId, String amount) {
        return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"funding\",\"creditAccountId\":\"alice\","
                + "\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedSystem system, KafkaLogin login, boolean idempotent) {
        Map<String, Object> config = login.clientProperties(system.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config);
    }

    private JsonNode awaitAccount(EmbeddedSystem system, String key, String account, long version) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Response response;
        do {
            response = send(system.queryUrl(), key, "GET", "/accounts/" + account + "?minVersion=" + version, null);
            if (response.status == 200) {
                return JSON.readTree(response.body);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + account + " did not reach version " + version + ": " + response.body);
    }

    private JsonNode awaitHeld(EmbeddedSystem system, String key, String account) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Response response;
        do {
            response = send(system.queryUrl(), key, "GET", "/accounts/" + account, null);
            if (response.status == 503 && "account_held".equals(JSON.readTree(response.body).path("code").asText())) {
                return JSON.readTree(response.body);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + account + " was not held: " + response.status + " " + response.body);
    }

    private record Response(int status, String body) {
    }

    private Response send(String baseUrl, String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(150))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
