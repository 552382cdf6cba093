package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query-service end to end: events produced to a real Kafka broker with a plain producer,
 * projected into a real database, read back over HTTP as a client would. Everything this class
 * creates carries a tag of its own, so it runs against a database that other runs share.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests leave metrics export off unless asked; /actuator/prometheus is part of the contract.
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProjectionIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.projection-" + TAG;
    private static final String GROUP = "query-projection-" + TAG;
    /** A currency of this run alone: the projection takes currencies from the events as they come. */
    private static final String CURRENCY = "T" + TAG.toUpperCase(Locale.ROOT);
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("projection");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 12;

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private DataSource dataSource;

    private TestHttp http;
    private final TestLedger ledger = new TestLedger();

    @BeforeAll
    static void createTopic() {
        TestKafka.createTopic(TOPIC, PARTITIONS);
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
    void projectsBalancesEntriesAndAZeroTrialBalance() {
        // A currency of this test alone, so that its trial balance row counts exactly these accounts.
        String currency = "TB" + TAG.toUpperCase(Locale.ROOT);
        String funding = id("funding");
        String alice = id("alice");
        String bob = id("bob");
        String news = id("news");
        String fees = id("fees");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", currency, 6, "0"));
        events.add(ledger.open(alice, "USER", currency, 6, "0"));
        events.add(ledger.open(bob, "USER", currency, 6, "5"));
        events.add(ledger.open(news, "MERCHANT", currency, 6, "0"));
        events.add(ledger.open(fees, "SYSTEM", currency, 6, "0"));
        events.addAll(ledger.transfer(id("top-up"), funding, alice, "10", "top-up"));
        List<LedgerEvent> lastArticle = List.of();
        for (int i = 0; i < 150; i++) {
            lastArticle = ledger.transfer(id("article-" + i), alice, news, "0.0025", "news");
            events.addAll(lastArticle);
        }
        events.addAll(ledger.transfer(id("bill"), bob, news, "1.5", "games"));
        events.addAll(ledger.transfer(id("fee"), news, fees, "0.01", "fees"));

        TestKafka.produce(TOPIC, events);

        JsonNode aliceAccount = http.awaitAccount(alice, ledger.version(alice), TIMEOUT);
        assertThat(aliceAccount.get("accountId").asText()).isEqualTo(alice);
        assertThat(aliceAccount.get("currency").asText()).isEqualTo(currency);
        assertThat(aliceAccount.get("kind").asText()).isEqualTo("USER");
        assertThat(aliceAccount.get("status").asText()).isEqualTo("OPEN");
        assertThat(aliceAccount.get("balance").asText()).isEqualTo("9.625");
        assertThat(aliceAccount.get("pending").asText()).isEqualTo("0");
        assertThat(aliceAccount.get("available").asText()).isEqualTo("9.625");
        assertThat(aliceAccount.get("creditLimit").asText()).isEqualTo("0");
        assertThat(aliceAccount.get("version").asLong()).isEqualTo(151);
        assertThat(Instant.parse(aliceAccount.get("updatedAt").asText())).isEqualTo(lastArticle.get(0).time());

        JsonNode bobAccount = http.awaitAccount(bob, ledger.version(bob), TIMEOUT);
        assertThat(bobAccount.get("balance").asText()).isEqualTo("-1.5");
        assertThat(bobAccount.get("available").asText()).isEqualTo("3.5");
        assertThat(bobAccount.get("creditLimit").asText()).isEqualTo("5");

        JsonNode fundingAccount = http.awaitAccount(funding, ledger.version(funding), TIMEOUT);
        assertThat(fundingAccount.get("kind").asText()).isEqualTo("SYSTEM");
        assertThat(fundingAccount.get("balance").asText()).isEqualTo("-10");
        assertThat(fundingAccount.get("available").asText()).isEqualTo("-10");

        assertThat(http.awaitAccount(news, ledger.version(news), TIMEOUT).get("balance").asText()).isEqualTo("1.865");
        assertThat(http.awaitAccount(fees, ledger.version(fees), TIMEOUT).get("balance").asText()).isEqualTo("0.01");

        List<JsonNode> entries = readAllEntries(alice, 40);
        assertThat(entries).hasSize(151);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).get("sequence").asLong()).isEqualTo(151 - i);
        }
        JsonNode newest = entries.get(0);
        assertThat(newest.get("transferId").asText()).isEqualTo(id("article-149"));
        assertThat(newest.get("direction").asText()).isEqualTo("DEBIT");
        assertThat(newest.get("counterpartyAccountId").asText()).isEqualTo(news);
        assertThat(newest.get("amount").asText()).isEqualTo("0.0025");
        assertThat(newest.get("category").asText()).isEqualTo("news");
        assertThat(newest.get("status").asText()).isEqualTo("POSTED");
        assertThat(newest.get("balanceAfter").asText()).isEqualTo("9.625");
        assertThat(Instant.parse(newest.get("occurredAt").asText())).isEqualTo(lastArticle.get(0).time());
        JsonNode oldest = entries.get(150);
        assertThat(oldest.get("transferId").asText()).isEqualTo(id("top-up"));
        assertThat(oldest.get("direction").asText()).isEqualTo("CREDIT");
        assertThat(oldest.get("counterpartyAccountId").asText()).isEqualTo(funding);
        assertThat(oldest.get("amount").asText()).isEqualTo("10");
        assertThat(oldest.get("balanceAfter").asText()).isEqualTo("10");

        Response firstPage = http.get("/accounts/" + alice + "/entries");
        assertThat(firstPage.status()).isEqualTo(200);
        assertThat(firstPage.json().get("entries")).hasSize(100);
        assertThat(firstPage.json().get("nextCursor").isTextual()).isTrue();

        Response trialBalance = http.get("/analytics/trial-balance?currency=" + currency);
        assertThat(trialBalance.status()).isEqualTo(200);
        assertThat(trialBalance.json()).hasSize(1);
        assertThat(trialBalance.json().get(0).get("currency").asText()).isEqualTo(currency);
        assertThat(trialBalance.json().get(0).get("accounts").asLong()).isEqualTo(5);
        assertThat(trialBalance.json().get(0).get("sumOfBalances").asText()).isEqualTo("0");
        Response csv = http.get("/analytics/trial-balance?currency=" + currency, "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("currency,accounts,sumOfBalances\n" + currency + ",5,0\n");
    }

    @Test
    void entriesShowWhoCausedThemAndTextTheLedgerAcceptsIsProjected() {
        String funding = id("actor-funding");
        String dana = id("actor-dana");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"));
        events.add(ledger.open(dana, "USER", CURRENCY, 6, "0"));
        events.addAll(ledger.transfer(id("actor-top-up"), funding, dana, "2", "🎮".repeat(64)));
        List<LedgerEvent> attributed = new ArrayList<>();
        for (LedgerEvent event : events) {
            attributed.add(new LedgerEvent(event.id(), event.source(), event.type(), event.time(), event.data(),
                    "abcdefghijklmnop", "checkout-7"));
        }
        TestKafka.produce(TOPIC, attributed);

        http.awaitAccount(dana, ledger.version(dana), TIMEOUT);
        JsonNode entry = http.get("/accounts/" + dana + "/entries").json().get("entries").get(0);

        assertThat(entry.get("actor").asText()).isEqualTo("abcdefghijklmnop");
        assertThat(entry.get("category").asText()).isEqualTo("🎮".repeat(64));
    }

    @Test
    void duplicatesRedeliveriesAndMalformedRecordsChangeNothing() throws InterruptedException {
        String funding = id("dup-funding");
        String carol = id("dup-carol");
        String shop = id("dup-shop");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"));
        events.add(ledger.open(carol, "USER", CURRENCY, 6, "0"));
        events.add(ledger.open(shop, "MERCHANT", CURRENCY, 6, "0"));
        events.addAll(ledger.transfer(id("dup-top-up"), funding, carol, "3", "top-up"));
        for (int i = 0; i < 5; i++) {
            events.addAll(ledger.transfer(id("dup-tip-" + i), carol, shop, "0.1", "tips"));
        }
        double duplicatesBefore = skipped("duplicate");
        double malformedBefore = skipped("malformed");

        TestKafka.produce(TOPIC, events);
        TestKafka.produce(TOPIC, events);
        TestKafka.produceRaw(TOPIC, carol, "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8));
        // Later events of every account follow the copies in their partitions: once these are
        // projected, the copies have been seen.
        List<LedgerEvent> later = new ArrayList<>();
        later.addAll(ledger.transfer(id("dup-top-up-2"), funding, carol, "1", "top-up"));
        later.addAll(ledger.transfer(id("dup-tip-last"), carol, shop, "0.25", "tips"));
        TestKafka.produce(TOPIC, later);

        assertThat(http.awaitAccount(carol, ledger.version(carol), TIMEOUT).get("balance").asText())
                .isEqualTo(ledger.balance(carol)).isEqualTo("3.25");
        assertThat(http.awaitAccount(shop, ledger.version(shop), TIMEOUT).get("balance").asText())
                .isEqualTo(ledger.balance(shop)).isEqualTo("0.75");
        assertThat(http.awaitAccount(funding, ledger.version(funding), TIMEOUT).get("balance").asText())
                .isEqualTo(ledger.balance(funding)).isEqualTo("-4");
        assertThat(readAllEntries(carol, 1000)).hasSize((int) ledger.version(carol));
        assertThat(readAllEntries(shop, 1000)).hasSize((int) ledger.version(shop));
        // The meters are recorded right after the database commit that readers may already see.
        awaitSkipped("duplicate", duplicatesBefore + events.size());
        awaitSkipped("malformed", malformedBefore + 1);
    }

    @Test
    void aConsumerGroupReadingTheWholeTopicAgainChangesNothing() {
        projectSomeTransfers("again");
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        JdbcTemplate live = new JdbcTemplate(dataSource);
        List<Map<String, Object>> accountsBefore = rows(live, "account_view", "account_id");
        List<Map<String, Object>> entriesBefore = rows(live, "entry_view", "account_id, sequence");

        String secondGroup = "query-again-" + TAG;
        try (ConfigurableApplicationContext ignored = startAnotherInstance(DATABASE, secondGroup)) {
            TestKafka.awaitCaughtUp(TOPIC, secondGroup, TIMEOUT);
        }

        assertThat(rows(live, "account_view", "account_id")).isEqualTo(accountsBefore);
        assertThat(rows(live, "entry_view", "account_id, sequence")).isEqualTo(entriesBefore);
    }

    @Test
    void aProjectionRebuiltFromTheTopicIntoAnEmptyDatabaseEqualsTheLiveOne() {
        projectSomeTransfers("rebuild");
        String account = id("rebuild-extra");
        TestKafka.produce(TOPIC, List.of(ledger.open(account, "USER", CURRENCY, 6, "0")));
        byte[] unknown = ledger.unknownEventJson(account, "ledger.account.frozen.v1");
        TestKafka.produceRecord(TOPIC, account, unknown, TestChain.link(TOPIC, account, 1, unknown));
        http.awaitAccount(account, 1, TIMEOUT);
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        JdbcTemplate live = new JdbcTemplate(dataSource);

        TestDatabase empty = TestDatabase.empty("rebuild");
        String rebuildGroup = "query-rebuild-" + TAG;
        try (ConfigurableApplicationContext rebuilt = startAnotherInstance(empty, rebuildGroup)) {
            TestKafka.awaitCaughtUp(TOPIC, rebuildGroup, TIMEOUT);
            JdbcTemplate fresh = new JdbcTemplate(rebuilt.getBean(DataSource.class));

            assertThat(rows(fresh, "account_view", "account_id"))
                    .isNotEmpty()
                    .isEqualTo(rows(live, "account_view", "account_id"));
            assertThat(rows(fresh, "entry_view", "account_id, sequence"))
                    .isNotEmpty()
                    .isEqualTo(rows(live, "entry_view", "account_id, sequence"));
        } finally {
            empty.dropOwnSchema();
        }
    }

    @Test
    void anUnknownAccountIsNotFound() {
        assertProblem(http.get("/accounts/" + id("nobody")), 404, "account_not_found");
        assertProblem(http.get("/accounts/" + id("nobody") + "/entries"), 404, "account_not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-starts-with-a-dash", "has%20a%20space", "%C3%BCnicode", ".dot",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void anAccountIdOutsideTheContractIsRefused(String accountId) {
        assertProblem(http.get("/accounts/" + accountId), 400, "validation_failed");
        assertProblem(http.get("/accounts/" + accountId + "/entries"), 400, "validation_failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "", "1.5", "1e3", "1000000000000000000"})
    void aMinVersionThatIsNotANonNegativeIntegerIsRefused(String minVersion) {
        assertProblem(http.get("/accounts/" + id("any") + "?minVersion=" + minVersion), 400, "validation_failed");
        assertProblem(http.get("/accounts/" + id("any") + "/entries?minVersion=" + minVersion), 400,
                "validation_failed");
    }

    @Test
    void aReadAheadOfTheProjectionIsAnsweredProjectionBehindWithTheVersionReached() {
        String dave = id("behind-dave");
        TestKafka.produce(TOPIC, List.of(ledger.open(dave, "USER", CURRENCY, 6, "0")));
        http.awaitAccount(dave, 0, TIMEOUT);

        Response account = http.get("/accounts/" + dave + "?minVersion=5");
        assertProblem(account, 503, "projection_behind");
        assertThat(account.json().get("detail").asText()).contains("version 0").contains("not version 5");
        assertThat(account.retryAfter()).isEqualTo("1");
        assertProblem(http.get("/accounts/" + dave + "/entries?minVersion=5"), 503, "projection_behind");
        Response unseen = http.get("/accounts/" + id("behind-unseen") + "?minVersion=0");
        assertProblem(unseen, 503, "projection_behind");
        assertThat(unseen.json().get("detail").asText()).contains("has not seen account");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "", "2147483648"})
    void aPageLimitOutsideOneToAThousandIsRefused(String limit) {
        assertProblem(http.get("/accounts/" + id("any") + "/entries?limit=" + limit), 400, "validation_failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "bm9wZQ", "YmVmb3JlOi0x", "", "%2B%2F"})
    void aCursorThisServiceDidNotHandOutIsRefused(String cursor) {
        assertProblem(http.get("/accounts/" + id("any") + "/entries?cursor=" + cursor), 400, "validation_failed");
    }

    @Test
    void aCursorPagesOnFromWhereThePreviousPageEnded() {
        String erin = id("cursor-erin");
        String funding = id("cursor-funding");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"));
        events.add(ledger.open(erin, "USER", CURRENCY, 6, "0"));
        for (int i = 0; i < 3; i++) {
            events.addAll(ledger.transfer(id("cursor-" + i), funding, erin, "1.5", null));
        }
        TestKafka.produce(TOPIC, events);
        http.awaitAccount(erin, 3, TIMEOUT);
        http.awaitAccount(funding, 3, TIMEOUT);

        JsonNode first = http.get("/accounts/" + erin + "/entries?limit=2").json();
        String cursor = first.get("nextCursor").asText();
        JsonNode second = http.get("/accounts/" + erin + "/entries?limit=2&cursor=" + cursor).json();

        assertThat(first.get("entries")).extracting(entry -> entry.get("balanceAfter").asText()).containsExactly("4.5", "3");
        assertThat(second.get("entries")).extracting(entry -> entry.get("balanceAfter").asText()).containsExactly("1.5");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(Base64.getUrlDecoder().decode(cursor)).isNotEmpty();
    }

    @Test
    void anUnknownRouteIsNotFoundAsAProblem() {
        assertProblem(http.get("/no-such-thing"), 404, "not_found");
        assertProblem(http.get("/account"), 404, "not_found");
        assertProblem(http.get("/accounts/" + id("any") + "/nothing"), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/accounts/a%2Fb", "/accounts/a%00b", "/accounts/a%5Cb"})
    void aPathTheServerCannotReadIsABadRequestAsAProblem(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("validation_failed");
    }

    @Test
    void aWrongMethodIsNotAllowedAsAProblem() {
        assertProblem(http.send("POST", "/accounts/" + id("any"), "application/json"), 405, "method_not_allowed");
        assertProblem(http.send("DELETE", "/accounts/" + id("any") + "/entries", "application/json"), 405,
                "method_not_allowed");
        assertProblem(http.send("PUT", "/analytics/trial-balance", "application/json"), 405, "method_not_allowed");
    }

    @Test
    void aTrialBalanceForACurrencyThatIsNoCodeIsRefused() {
        assertProblem(http.get("/analytics/trial-balance?currency=US%24"), 400, "validation_failed");
        assertProblem(http.get("/analytics/trial-balance?currency="), 400, "validation_failed");
    }

    @Test
    void healthMetricsAndTheApiDocumentAreServed() {
        projectSomeTransfers("operations");

        Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/projection/details/state").asText()).isEqualTo("CONSUMING");

        Response prometheus = http.get("/actuator/prometheus", "text/plain");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("query_events_projected_total")
                .contains("query_events_skipped_total{application=\"query-service\",reason=\"duplicate\"}")
                .contains("query_events_skipped_total{application=\"query-service\",reason=\"gap\"}")
                .contains("query_projection_lag_seconds_count")
                .contains("query_projection_batch_size_records_count");

        Response apiDocs = http.get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.json().get("paths").has("/accounts/{accountId}")).isTrue();
        assertThat(apiDocs.json().get("paths").has("/accounts/{accountId}/entries")).isTrue();
        assertThat(apiDocs.json().get("paths").has("/analytics/trial-balance")).isTrue();
    }

    private void projectSomeTransfers(String name) {
        String funding = id(name + "-funding");
        String payer = id(name + "-payer");
        String payee = id(name + "-payee");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", CURRENCY, 6, "0"));
        events.add(ledger.open(payer, "USER", CURRENCY, 6, "1"));
        events.add(ledger.open(payee, "MERCHANT", CURRENCY, 6, "0"));
        events.addAll(ledger.transfer(id(name + "-top-up"), funding, payer, "2", "top-up"));
        for (int i = 0; i < 20; i++) {
            events.addAll(ledger.transfer(id(name + "-pay-" + i), payer, payee, "0.125", i % 2 == 0 ? "news" : null));
        }
        TestKafka.produce(TOPIC, events);
        http.awaitAccount(funding, ledger.version(funding), TIMEOUT);
        http.awaitAccount(payer, ledger.version(payer), TIMEOUT);
        http.awaitAccount(payee, ledger.version(payee), TIMEOUT);
    }

    private List<JsonNode> readAllEntries(String accountId, int pageSize) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            Response response = http.get("/accounts/" + accountId + "/entries?limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.json().get("entries").forEach(entries::add);
            JsonNode next = response.json().get("nextCursor");
            if (next.isNull()) {
                return entries;
            }
            cursor = next.asText();
        }
        throw new AssertionError("more than 1000 pages of entries for " + accountId);
    }

    /** This run's rows of a table, in key order; the tag keeps other runs' rows out. */
    /** The rows of this run, with binary columns (the chain links) as hex so that rows compare by value. */
    private static List<Map<String, Object>> rows(JdbcTemplate jdbc, String table, String orderBy) {
        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT * FROM " + table + " WHERE account_id LIKE ? ORDER BY " + orderBy, TAG + "-%");
        rows.forEach(row -> row.replaceAll((column, value) -> value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value));
        return rows;
    }

    private double skipped(String reason) {
        return meters.get("query.events.skipped").tag("reason", reason).counter().count();
    }

    private void awaitSkipped(String reason, double atLeast) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        while (skipped(reason) < atLeast && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
        assertThat(skipped(reason)).as("events skipped as " + reason).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void batchOfInsertsIsOneStatementOnPostgresql() throws Exception {
        // The service's own pool: the driver rewrites a batch of inserts into multi-row statements and
        // so no longer counts rows per insert. Four rows make one statement: the driver rewrites in
        // chunks of powers of two.
        String table = "batch_probe_" + Long.toUnsignedString(System.nanoTime(), 36);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
            try {
                int[] counts;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
                    for (int id = 1; id <= 4; id++) {
                        insert.setInt(1, id);
                        insert.addBatch();
                    }
                    counts = insert.executeBatch();
                }
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(4);
                }

                assertThat(counts).containsExactly(Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO,
                        Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO);
            } finally {
                statement.execute("DROP TABLE " + table);
            }
        }
    }

    private static ConfigurableApplicationContext startAnotherInstance(TestDatabase database, String groupId) {
        List<String> arguments = new ArrayList<>();
        database.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--server.port=0");
        arguments.addAll(TestKafka.connectionArguments());
        arguments.add("--query.kafka.topic=" + TOPIC);
        arguments.add("--query.kafka.group-id=" + groupId);
        return new SpringApplicationBuilder(QueryServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("code").asText()).as(response.toString()).isEqualTo(code);
        // One shape on both services: the type names the code.
        assertThat(body.get("type").asText()).isEqualTo("urn:micro-ledger:problem:" + code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    private static String id(String name) {
        return TAG + "-" + name;
    }
}
