package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.EventChain;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of someone who can write the ledger's topic but does not hold the event chain key,
 * on a real broker and database: a forged, altered, dropped, reordered or replayed event is never
 * projected; the account it names answers 503 account_held (never a balance that minVersion would
 * vouch for) until the ledger's true event arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventIntegrityIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.integrity-" + TAG;
    private static final String GROUP = "query-integrity-" + TAG;
    private static final String CURRENCY = "I" + TAG.toUpperCase(Locale.ROOT);
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("integrity");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final LedgerEventCodec CODEC = new LedgerEventCodec();
    private static final SecureRandom RANDOM = new SecureRandom();

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
        TestKafka.createTopic(TOPIC, 3);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> TOPIC);
        registry.add("query.kafka.group-id", () -> GROUP);
        registry.add("query.kafka.topic-retry-millis", () -> "200");
        DATABASE.register(registry);
    }

    @BeforeEach
    void connect() {
        http = new TestHttp(port);
    }

    @Test
    void aForgedCreditIsNeverProjectedAndHoldsItsAccountUntilTheTrueEventArrives() {
        String funding = id("funding");
        String alice = id("alice");
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(alice, "USER", CURRENCY, 6, "0")));
        TestKafka.produce(TOPIC, ledger.transfer(id("top-up"), funding, alice, "5", "top-up"));
        http.awaitAccount(alice, 1, TIMEOUT);

        // A credit of a million at alice's next sequence, consistent in every field but the link.
        LedgerEvent forged = entry(alice, 2, AccountEntry.Direction.CREDIT, funding, "1000000", "1000005");
        TestKafka.produceRecord(TOPIC, alice, CODEC.encode(forged), randomLink());

        JsonNode held = awaitHeld(alice);
        assertThat(held.get("reason").asText()).isEqualTo("integrity");
        assertThat(held.get("heldVersion").asLong()).isEqualTo(1);
        Response vouched = http.get("/accounts/" + alice + "?minVersion=2");
        assertThat(vouched.status()).isEqualTo(503);
        assertThat(vouched.json().get("code").asText()).isEqualTo("account_held");
        assertThat(http.get("/accounts/" + alice + "/entries").json().get("code").asText()).isEqualTo("account_held");
        assertThat(setAside(alice, "integrity")).isEqualTo(1);
        assertThat(meters.counter("query.events.skipped", "reason", "integrity").count()).isGreaterThanOrEqualTo(1);

        // The ledger's true event at that sequence follows: it is applied, the forged one never was.
        TestKafka.produce(TOPIC, ledger.transfer(id("top-up"), funding, alice, "1", "top-up"));
        JsonNode account = http.awaitAccount(alice, 2, TIMEOUT);
        assertThat(account.get("balance").asText()).isEqualTo("6");
        assertThat(http.get("/accounts/" + alice).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM entry_view WHERE account_id = ? AND transfer_id = 'forged'",
                Long.class, alice)).isZero();
    }

    @Test
    void anEventAlteredOnTheWayFailsEvenWithItsTrueLink() {
        String funding = id("funding");
        String bob = id("bob");
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(bob, "USER", CURRENCY, 6, "0")));
        http.awaitAccount(bob, 0, TIMEOUT);
        List<LedgerEvent> transfer = ledger.transfer(id("top-up"), funding, bob, "2", "top-up");
        LedgerEvent credit = transfer.get(1);
        byte[] value = CODEC.encode(credit);
        byte[] trueLink = TestChain.link(TOPIC, credit, value);
        byte[] altered = new String(value, StandardCharsets.UTF_8)
                .replace("\"amount\":\"2\"", "\"amount\":\"200\"").replace("\"balanceAfter\":\"2\"", "\"balanceAfter\":\"200\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(value);

        TestKafka.produce(TOPIC, List.of(transfer.get(0)));
        TestKafka.produceRecord(TOPIC, bob, altered, trueLink);

        assertThat(awaitHeld(bob).get("reason").asText()).isEqualTo("integrity");

        TestKafka.produceRecord(TOPIC, bob, value, trueLink);
        assertThat(http.awaitAccount(bob, 1, TIMEOUT).get("balance").asText()).isEqualTo("2");
    }

    @Test
    void aForgedOpeningCreatesNoAccount() {
        String mallory = id("mallory");
        LedgerEvent opening = new LedgerEvent(UUID.randomUUID().toString(), TestLedger.SOURCE,
                LedgerEventTypes.ACCOUNT_OPENED, Instant.now(), new AccountOpened(mallory, 0, CURRENCY, 6, "USER", "0"));
        TestKafka.produceRecord(TOPIC, mallory, CODEC.encode(opening), randomLink());
        // Also the same with no link at all.
        String trudy = id("trudy");
        LedgerEvent other = new LedgerEvent(UUID.randomUUID().toString(), TestLedger.SOURCE,
                LedgerEventTypes.ACCOUNT_OPENED, Instant.now(), new AccountOpened(trudy, 0, CURRENCY, 6, "USER", "0"));
        TestKafka.produceRecord(TOPIC, trudy, CODEC.encode(other), null);

        assertThat(awaitHeld(mallory).get("reason").asText()).isEqualTo("integrity");
        assertThat(awaitHeld(trudy).get("detail").asText()).contains("no ledger-chain header");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view WHERE account_id IN (?, ?)", Long.class,
                mallory, trudy)).isZero();
    }

    @Test
    void aDroppedEventHoldsTheAccountAndAReorderedOneIsAppliedOnceItsPredecessorArrives() {
        String funding = id("funding");
        String carol = id("carol");
        String dave = id("dave");
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(carol, "USER", CURRENCY, 6, "0"), ledger.open(dave, "USER", CURRENCY, 6, "0")));
        List<LedgerEvent> first = ledger.transfer(id("t1"), funding, carol, "1", "top-up");
        List<LedgerEvent> second = ledger.transfer(id("t2"), funding, carol, "2", "top-up");
        List<LedgerEvent> third = ledger.transfer(id("t3"), funding, carol, "3", "top-up");
        List<LedgerEvent> daveFirst = ledger.transfer(id("d1"), funding, dave, "1", "top-up");
        List<LedgerEvent> daveSecond = ledger.transfer(id("d2"), funding, dave, "1", "top-up");
        // funding's own events in order; carol's arrive 1, 3, 2 (reordered); dave's 2 only (1 dropped).
        TestKafka.produce(TOPIC, List.of(first.get(0), second.get(0), third.get(0), daveFirst.get(0), daveSecond.get(0)));
        TestKafka.produce(TOPIC, List.of(first.get(1)));
        // The ledger linked every event in order; the links travel with them whatever order they arrive in.
        link(second.get(1));
        link(daveFirst.get(1));
        TestKafka.produce(TOPIC, List.of(third.get(1), daveSecond.get(1)));

        assertThat(awaitHeld(carol).get("reason").asText()).isEqualTo("gap");
        assertThat(awaitHeld(dave).get("reason").asText()).isEqualTo("gap");

        TestKafka.produce(TOPIC, List.of(second.get(1)));

        // carol's third event, set aside when it came early, is applied once the second is.
        JsonNode carolAccount = http.awaitAccount(carol, 3, TIMEOUT);
        assertThat(carolAccount.get("balance").asText()).isEqualTo("6");
        assertThat(setAside(carol, "gap")).isZero();
        // dave's first credit never came: he stays held, his balance unvouched for.
        Response daveAccount = http.get("/accounts/" + dave);
        assertThat(daveAccount.status()).isEqualTo(503);
        assertThat(daveAccount.json().get("code").asText()).isEqualTo("account_held");
    }

    @Test
    void aReplayedEventIsADuplicateAndAnEventUnderAnotherAccountsKeyIsSetAside() {
        String funding = id("funding");
        String erin = id("erin");
        String frank = id("frank");
        TestKafka.produce(TOPIC, List.of(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"),
                ledger.open(erin, "USER", CURRENCY, 6, "0")));
        List<LedgerEvent> topUp = ledger.transfer(id("top-up"), funding, erin, "2", "top-up");
        TestKafka.produce(TOPIC, topUp);
        http.awaitAccount(erin, 1, TIMEOUT);
        LedgerEvent credit = topUp.get(1);
        byte[] value = CODEC.encode(credit);
        byte[] link = TestChain.link(TOPIC, credit, value);

        TestKafka.produceRecord(TOPIC, erin, value, link);
        TestKafka.produceRecord(TOPIC, frank, value, link);
        // A marker after the replays: once it is applied, the replays before it were seen.
        TestKafka.produce(TOPIC, ledger.transfer(id("top-up"), funding, erin, "1", "top-up"));

        JsonNode account = http.awaitAccount(erin, 2, TIMEOUT);
        assertThat(account.get("balance").asText()).isEqualTo("3");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM set_aside_record WHERE record_key = ? AND reason = 'malformed'",
                Long.class, frank)).isEqualTo(1);
        assertThat(http.get("/accounts/" + frank).json().get("code").asText()).isEqualTo("account_not_found");
    }

    /** Polls the account until it answers 503 account_held; returns the problem. */
    private JsonNode awaitHeld(String accountId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Response response;
        do {
            response = http.get("/accounts/" + accountId);
            if (response.status() == 503 && "account_held".equals(response.json().path("code").asText())) {
                assertThat(response.json().get("accountId").asText()).isEqualTo(accountId);
                return response.json();
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + accountId + " was not held within " + TIMEOUT + ": " + response);
    }

    private long setAside(String accountId, String reason) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM set_aside_record WHERE account_id = ? AND reason = ?",
                Long.class, accountId, reason);
    }

    private static LedgerEvent entry(String accountId, long sequence, AccountEntry.Direction direction,
                                     String counterparty, String amount, String balanceAfter) {
        return new LedgerEvent(UUID.randomUUID().toString(), TestLedger.SOURCE,
                LedgerEventTypes.ofEntry(direction), Instant.now(), new AccountEntry(accountId, sequence, direction,
                "forged", counterparty, amount, CURRENCY, 6, "top-up", null, balanceAfter));
    }

    /** Records the link of an event that the test then never sends, as the ledger would have made it. */
    private static void link(LedgerEvent event) {
        TestChain.link(TOPIC, event, CODEC.encode(event));
    }

    private static byte[] randomLink() {
        byte[] link = new byte[EventChain.LINK_BYTES];
        RANDOM.nextBytes(link);
        return link;
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
