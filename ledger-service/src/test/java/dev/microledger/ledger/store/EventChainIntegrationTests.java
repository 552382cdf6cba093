package dev.microledger.ledger.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.EventChain;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event chain as the ledger writes it: every record on the topic carries the link a
 * consumer with the key can verify from the account's first event on, and {@code GET
 * /admin/audit} finds an event changed or removed in the store itself.
 */
class EventChainIntegrationTests extends LedgerIntegrationTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final EventChain CHAIN = EventChain.ofBase64(TestKeys.EVENT_CHAIN_KEY);

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void everyPublishedEventCarriesALinkThatVerifiesAgainstItsAccountsPreviousOne() {
        String funding = unique("chain-funding");
        String alice = unique("chain-alice");
        String shop = unique("chain-shop");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", "5").status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "10", "USD").status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(transfer(unique("article"), alice, shop, "0.000125", "USD").status()).isEqualTo(201);
        }
        // funding 0-1, alice 0-6, shop 0-5
        List<ConsumerRecord<String, byte[]>> records = records(Set.of(funding, alice, shop), 15);

        assertThat(records).hasSize(15);
        Map<String, byte[]> lastLinks = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Header header = record.headers().lastHeader(EventChain.HEADER);
            assertThat(header).as("link of %s@%d", record.key(), record.offset()).isNotNull();
            byte[] previous = lastLinks.getOrDefault(record.key(), EventChain.start());
            assertThat(CHAIN.verifies(previous, record.value(), header.value()))
                    .as("link of %s@%d", record.key(), record.offset()).isTrue();
            assertThat(new EventChain(new byte[32]).verifies(previous, record.value(), header.value()))
                    .as("another key").isFalse();
            lastLinks.put(record.key(), header.value());
        }
    }

    @Test
    void theAuditVerifiesTheStoreAndReportsTheFirstChangedOrMissingEvent() {
        String funding = unique("audit-funding");
        String bob = unique("audit-bob");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(bob, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, bob, "3", "USD").status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, bob, "4", "USD").status()).isEqualTo(201);

        JsonNode clean = audit();
        assertThat(clean.get("state").asText()).isEqualTo("VERIFIED");
        assertThat(clean.get("breaks").asLong()).isZero();
        assertThat(clean.get("eventsChecked").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(clean.get("eventsChecked").asLong()).isEqualTo(clean.get("eventsTotal").asLong());

        // Altered: the actor of bob's first credit is changed in the store (its payload could be too).
        byte[] original = jdbc.queryForObject(
                "SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                byte[].class, bob);
        String altered = new String(original, java.nio.charset.StandardCharsets.UTF_8).replace("\"actor\":\"", "\"actor\":\"x");
        assertThat(altered).isNotEqualTo(new String(original, java.nio.charset.StandardCharsets.UTF_8));
        jdbc.update("UPDATE domainevententry SET metadata = ? WHERE aggregateidentifier = ? AND sequencenumber = 1",
                altered.getBytes(java.nio.charset.StandardCharsets.UTF_8), bob);
        try {
            JsonNode broken = audit();
            assertThat(broken.get("state").asText()).isEqualTo("BROKEN");
            assertThat(broken.get("breaks").asLong()).isEqualTo(1);
            assertThat(broken.at("/firstBreak/accountId").asText()).isEqualTo(bob);
            assertThat(broken.at("/firstBreak/sequence").asLong()).isEqualTo(1);
            assertThat(broken.at("/firstBreak/reason").asText()).contains("changed");
        } finally {
            jdbc.update("UPDATE domainevententry SET metadata = ? WHERE aggregateidentifier = ? AND sequencenumber = 1",
                    original, bob);
        }
        assertThat(audit().get("state").asText()).isEqualTo("VERIFIED");

        // Missing: bob's event at sequence 1 is moved out of the way (a store that lost it).
        jdbc.update("UPDATE domainevententry SET aggregateidentifier = ? WHERE aggregateidentifier = ? AND sequencenumber = 1",
                bob + "-moved", bob);
        try {
            JsonNode broken = audit();
            assertThat(broken.get("state").asText()).isEqualTo("BROKEN");
            assertThat(broken.at("/firstBreak/reason").asText()).contains("from sequence 0 to 2");
        } finally {
            jdbc.update("UPDATE domainevententry SET aggregateidentifier = ? WHERE aggregateidentifier = ?", bob, bob + "-moved");
        }
        assertThat(audit().get("state").asText()).isEqualTo("VERIFIED");
    }

    @Test
    void theAuditIsForOperatorsAndItsWaitIsBounded() {
        assertThat(sendRaw(HttpRequest.newBuilder(url("/admin/audit")).GET()).status()).isEqualTo(401);
        String payments = TestKeys.create(port, "audit-payments", "payments");
        assertThat(sendRaw(HttpRequest.newBuilder(url("/admin/audit")).GET()
                .header("Authorization", "Bearer " + payments)).status()).isEqualTo(403);
        assertThat(get("/admin/audit?waitSeconds=301").code()).isEqualTo("validation_failed");
        assertThat(get("/admin/audit?waitSeconds=-1").code()).isEqualTo("validation_failed");
        assertThat(get("/admin/audit?waitSeconds=x").code()).isEqualTo("validation_failed");
        // Zero waits for nothing: the answer is the audit's state at once, running or done.
        JsonNode now = get("/admin/audit?waitSeconds=0").json();
        assertThat(now.get("state").asText()).isIn("RUNNING", "VERIFIED");
        // Following it by its id never starts another; an id that is not the latest audit's is 404.
        assertThat(get("/admin/audit?waitSeconds=30&auditId=" + now.get("auditId").asLong()).json().get("auditId").asLong())
                .isEqualTo(now.get("auditId").asLong());
        assertThat(get("/admin/audit?auditId=999999").status()).isEqualTo(404);
    }

    /**
     * An audit that started after this call, followed by its id until it is done. A request while an
     * earlier audit runs joins that one; it is followed to its end, and the next request starts anew.
     */
    private JsonNode audit() {
        Instant since = Instant.now();
        for (int round = 0; round < 3; round++) {
            JsonNode report = get("/admin/audit?waitSeconds=0").json();
            long id = report.get("auditId").asLong();
            while (report.get("state").asText().equals("RUNNING")) {
                report = get("/admin/audit?waitSeconds=30&auditId=" + id).json();
            }
            if (!Instant.parse(report.get("startedAt").asText()).isBefore(since)) {
                return report;
            }
        }
        throw new AssertionError("no audit started after " + since);
    }

    /** The raw records of these accounts, as a consumer with query-service's login reads them. */
    private static List<ConsumerRecord<String, byte[]>> records(Set<String> accountIds, int count) {
        Map<String, Object> config = SharedTestBroker.queryServiceLogin()
                .clientProperties(SharedTestBroker.get().bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC, Duration.ofSeconds(10))
                    .forEach(info -> partitions.add(new TopicPartition(TOPIC, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (accountIds.contains(record.key())) {
                        seen.add(record);
                    }
                }
            }
        }
        return seen;
    }
}
