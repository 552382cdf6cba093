package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.query.support.TestChain;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bad record stops nothing else: each kind of poison, sent on the real topic among good
 * records, is set aside with why, holds at most its own account, and every other account goes on.
 * A record the database refuses (a constraint standing in for a bug) is found by projecting its
 * batch record by record, and is applied by an operator's replay once the cause is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PoisonRecordIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.poison-" + TAG;
    private static final String GROUP = "query-poison-" + TAG;
    private static final String CURRENCY = "P" + TAG.toUpperCase(Locale.ROOT);
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("poison");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final LedgerEventCodec CODEC = new LedgerEventCodec();

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MeterRegistry meters;

    private TestHttp http;
    private final TestLedger ledger = new TestLedger();

    @BeforeAll
    static void createTopic() {
        TestKafka.createTopic(TOPIC, 1);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> TOPIC);
        registry.add("query.kafka.group-id", () -> GROUP);
        registry.add("query.kafka.topic-retry-millis", () -> "200");
        registry.add("query.kafka.retry-backoff-millis-min", () -> "50");
        registry.add("query.kafka.retry-backoff-millis-max", () -> "200");
        DATABASE.register(registry);
    }

    @BeforeEach
    void connect() {
        http = new TestHttp(port);
    }

    @Test
    void eachKindOfPoisonIsSetAsideAndHoldsAtMostItsOwnAccount() {
        String funding = id("funding");
        String bystander = id("bystander");
        String badTime = id("bad-time");
        String badAmount = id("bad-amount");
        String badSequence = id("bad-sequence");
        String stranger = id("stranger");
        List<String> poisoned = List.of(badTime, badAmount, badSequence);
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(bystander, "USER", CURRENCY, 6, "0")));
        for (String account : poisoned) {
            TestKafka.produce(TOPIC, List.of(ledger.open(account, "USER", CURRENCY, 6, "0")));
        }
        http.awaitAccount(badSequence, 0, TIMEOUT);

        // A time no database stores, linked as the ledger would link it.
        LedgerEvent timed = entry(badTime, 1, "1", "1");
        produceLinked(badTime, 1, new String(CODEC.encode(timed), StandardCharsets.UTF_8)
                .replace(timed.time().toString(), "+1000000000-12-31T23:59:59.999999999Z"));
        // An amount far beyond any balance, and a sequence below zero.
        produceLinked(badAmount, 1, new String(CODEC.encode(entry(badAmount, 1, "1", "1")), StandardCharsets.UTF_8)
                .replace("\"amount\":\"1\"", "\"amount\":\"99999999999999999999999\""));
        produceLinked(badSequence, 1, new String(CODEC.encode(entry(badSequence, 1, "1", "1")), StandardCharsets.UTF_8)
                .replace("\"sequence\":1", "\"sequence\":-5"));
        // Not JSON, an oversized record (kept without its bytes), and an event for an account never opened.
        TestKafka.produceRaw(TOPIC, bystander, "{\"not json".getBytes(StandardCharsets.UTF_8));
        TestKafka.produceRaw(TOPIC, bystander, ("{\"x\":\"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        LedgerEvent unknownAccount = entry(stranger, 1, "3", "3");
        TestKafka.produce(TOPIC, List.of(unknownAccount));
        // The bystander goes on.
        TestKafka.produce(TOPIC, ledger.transfer(id("top-up"), funding, bystander, "2", "top-up"));

        assertThat(http.awaitAccount(bystander, 1, TIMEOUT).get("balance").asText()).isEqualTo("2");
        // Each is refused where it is found (reading it, checking it, or the database): it is set aside and
        // its own account held, since the ledger's next event of that account is not in the projection.
        for (String account : List.of(badTime, badAmount, badSequence, stranger)) {
            assertThat(awaitHeld(account).get("code").asText()).as(account).isEqualTo("account_held");
            assertThat(awaitSetAside(account)).as(account).isIn("malformed", "invariant", "failure", "gap");
        }
        assertThat(awaitSetAside(stranger)).isEqualTo("gap");
        JsonNode listed = http.get("/admin/projections/set-aside?reason=malformed&limit=500").json();
        assertThat(listed.get("records").findValuesAsText("key")).contains(bystander);
        assertThat(listed.get("records").findValuesAsText("detail"))
                .anyMatch(detail -> detail.contains("bytes is not kept"));
        assertThat(http.get("/admin/projections/held-accounts").json().get("accounts").findValuesAsText("accountId"))
                .contains(badAmount, badSequence, stranger);
        assertThat(http.get("/actuator/health").json().at("/components/projection/status").asText()).isEqualTo("UP");
    }

    @Test
    void aRecordTheDatabaseRefusesIsFoundSetAsideAndAppliedAgainOnceTheCauseIsGone() {
        String funding = id("funding");
        String victim = id("victim");
        String other = id("other");
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(victim, "USER", CURRENCY, 6, "0"), ledger.open(other, "USER", CURRENCY, 6, "0")));
        http.awaitAccount(other, 0, TIMEOUT);
        String poisonTransfer = id("poison");
        // A constraint stands in for a bug: the database refuses this one transfer's entries.
        String constraint = "poison_" + TAG;
        jdbc.execute("ALTER TABLE entry_view ADD CONSTRAINT " + constraint + " CHECK (transfer_id <> '" + poisonTransfer + "')");
        try {
            List<LedgerEvent> poison = ledger.transfer(poisonTransfer, funding, victim, "1", "top-up");
            TestKafka.produce(TOPIC, List.of(poison.get(1)));
            TestKafka.produce(TOPIC, ledger.transfer(id("fine"), funding, other, "4", "top-up"));

            assertThat(http.awaitAccount(other, 1, TIMEOUT).get("balance").asText()).isEqualTo("4");
            JsonNode held = awaitHeld(victim);
            assertThat(held.get("reason").asText()).isEqualTo("failure");
            assertThat(meters.counter("query.events.skipped", "reason", "failure").count()).isGreaterThanOrEqualTo(1);

            JsonNode record = http.get("/admin/projections/set-aside?accountId=" + victim).json().get("records").get(0);
            String replay = "/admin/projections/set-aside/" + record.get("partition").asInt() + "/"
                    + record.get("offset").asLong() + "/replay";
            Response refused = http.send("POST", replay, "application/json");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().get("code").asText()).isEqualTo("replay_failed");

            jdbc.execute("ALTER TABLE entry_view DROP CONSTRAINT " + constraint);
            Response applied = http.send("POST", replay, "application/json");
            assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
            assertThat(applied.json().get("result").asText()).isEqualTo("APPLIED");
            assertThat(http.get("/accounts/" + victim).json().get("balance").asText()).isEqualTo("1");
            assertThat(http.send("POST", replay, "application/json").status()).isEqualTo(404);
        } finally {
            jdbc.execute("ALTER TABLE entry_view DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    @Test
    void theOperatorEndpointsRefuseHostileParameters() {
        assertThat(http.get("/admin/projections/set-aside?reason=all").json().get("code").asText()).isEqualTo("validation_failed");
        assertThat(http.get("/admin/projections/set-aside?limit=501").json().get("code").asText()).isEqualTo("validation_failed");
        assertThat(http.get("/admin/projections/set-aside?limit=0").json().get("code").asText()).isEqualTo("validation_failed");
        assertThat(http.get("/admin/projections/set-aside?accountId=%27%3B--").json().get("code").asText())
                .isEqualTo("validation_failed");
        assertThat(http.send("POST", "/admin/projections/set-aside/-1/0/replay", "application/json").json().get("code").asText())
                .isEqualTo("validation_failed");
        assertThat(http.send("POST", "/admin/projections/set-aside/0/x/replay", "application/json").json().get("code").asText())
                .isEqualTo("validation_failed");
        assertThat(http.send("POST", "/admin/projections/set-aside/0/99999999/replay", "application/json").status())
                .isEqualTo(404);
    }

    private void produceLinked(String accountId, long sequence, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        TestKafka.produceRecord(TOPIC, accountId, value, TestChain.link(TOPIC, accountId, sequence, value));
    }

    private static LedgerEvent entry(String accountId, long sequence, String amount, String balanceAfter) {
        return new LedgerEvent(UUID.randomUUID().toString(), TestLedger.SOURCE, LedgerEventTypes.ACCOUNT_CREDITED,
                Instant.now(), new AccountEntry(accountId, sequence, AccountEntry.Direction.CREDIT, id("t"), "nobody",
                amount, CURRENCY, 6, "top-up", null, balanceAfter));
    }

    private JsonNode awaitHeld(String accountId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Response response;
        do {
            response = http.get("/accounts/" + accountId);
            if (response.status() == 503 && "account_held".equals(response.json().path("code").asText())) {
                return response.json();
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + accountId + " was not held: " + response);
    }

    private String awaitSetAside(String accountId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> reasons = jdbc.queryForList(
                    "SELECT reason FROM set_aside_record WHERE account_id = ? OR record_key = ?", String.class, accountId, accountId);
            if (!reasons.isEmpty()) {
                return reasons.get(0);
            }
            sleep();
        }
        throw new AssertionError("no record of " + accountId + " was set aside");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String id(String prefix) {
        return prefix + "-" + TAG + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
