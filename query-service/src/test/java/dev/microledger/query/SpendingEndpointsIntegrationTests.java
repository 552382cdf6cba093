package dev.microledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.SpendingScenario;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spending summaries, alerts, balances at an instant and statements end to end: events produced
 * to the real broker, projected into a real database, read over HTTP as the dashboard and other
 * clients read them. Numbers are the hand-computed ones of {@link SpendingScenario}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpendingEndpointsIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.spending-" + TAG;
    private static final String GROUP = "query-spending-" + TAG;
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("spending");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final TestLedger LEDGER = new TestLedger();
    private static final SpendingScenario SCENARIO = new SpendingScenario(LEDGER, TAG + "-");
    private static final String DAVE = TAG + "-dave";
    private static final String BOB = TAG + "-bob";

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;

    private TestHttp http;

    @BeforeAll
    static void produceTheScenario() {
        TestKafka.createTopic(TOPIC, 6);
        List<LedgerEvent> events = new ArrayList<>(SCENARIO.events);
        // dave: a daily limit of 10 and a budget of 10 with one threshold, met in one October day.
        LEDGER.at(Instant.parse("2026-10-05T00:00:00Z"));
        events.add(LEDGER.open(DAVE, "USER", "USD", 6, "0"));
        events.addAll(LEDGER.transfer(TAG + "-dave-top-up", SCENARIO.funding, DAVE, "100", null));
        events.add(LEDGER.limits(DAVE, null, "10", null, null, "UTC"));
        events.add(LEDGER.budget(DAVE, "10", "0.5"));
        LEDGER.at(Instant.parse("2026-10-05T10:00:00Z"));
        events.addAll(LEDGER.transfer(TAG + "-dave-1", DAVE, SCENARIO.news, "9", "news"));
        events.addAll(LEDGER.transfer(TAG + "-dave-2", DAVE, SCENARIO.news, "1", "news"));
        events.addAll(LEDGER.transfer(TAG + "-dave-3", DAVE, SCENARIO.news, "0.5", "news"));
        // bob: postpaid in KRW, billed for November in December.
        LEDGER.at(Instant.parse("2026-10-15T00:00:00Z"));
        events.add(LEDGER.open(BOB, "USER", "KRW", 2, "50"));
        events.add(LEDGER.open(TAG + "-carrier", "SYSTEM", "KRW", 2, "0"));
        events.add(LEDGER.open(TAG + "-store", "MERCHANT", "KRW", 2, "0"));
        LEDGER.at(Instant.parse("2026-11-03T10:00:00Z"));
        events.addAll(LEDGER.transfer(TAG + "-b-1", BOB, TAG + "-store", "12.34", "games"));
        events.addAll(LEDGER.transfer(TAG + "-b-2", BOB, TAG + "-store", "30", "games"));
        events.addAll(LEDGER.refund(TAG + "-b-2-refund", TAG + "-b-2", TAG + "-store", BOB, "2"));
        LEDGER.at(Instant.parse("2026-12-02T10:00:00Z"));
        events.addAll(LEDGER.transfer(TAG + "-bill", TAG + "-carrier", BOB, "40.34", "bill"));
        TestKafka.produce(TOPIC, events);
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
    void awaitTheScenario() {
        http = new TestHttp(port);
        for (String account : List.of(SCENARIO.alice, SCENARIO.game, DAVE, BOB)) {
            http.awaitAccount(account, LEDGER.version(account), TIMEOUT);
        }
    }

    private JsonNode get(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void novembersSpendingInSeoulAddsUpPaymentsPostedHoldsAndSubCentAmounts() {
        JsonNode november = get("/accounts/" + SCENARIO.alice + "/spending?month=2026-11&minVersion="
                + LEDGER.version(SCENARIO.alice));

        assertThat(november.get("accountId").asText()).isEqualTo(SCENARIO.alice);
        assertThat(november.get("currency").asText()).isEqualTo("USD");
        assertThat(november.get("from").asText()).isEqualTo("2026-11-01");
        assertThat(november.get("to").asText()).isEqualTo("2026-11-30");
        assertThat(november.get("timezone").asText()).isEqualTo("Asia/Seoul");
        assertThat(november.get("spent").asText()).isEqualTo("6.755");
        assertThat(november.get("received").asText()).isEqualTo("0");
        assertThat(november.get("refunded").asText()).isEqualTo("1.5");
        assertThat(november.get("count").asLong()).isEqualTo(5);
        assertThat(november.get("averagePayment").asText()).isEqualTo("1.351");
        assertThat(november.get("largestPayment").asText()).isEqualTo("4");
        assertThat(november.get("smallPayments").toString()).isEqualTo("{\"threshold\":\"1\",\"count\":3,\"total\":\"0.755\"}");
        assertThat(november.get("byCategory").toString()).isEqualTo("[{\"category\":\"games\",\"total\":\"6\",\"count\":2},"
                + "{\"category\":\"tips\",\"total\":\"0.75\",\"count\":1},{\"category\":\"news\",\"total\":\"0.005\",\"count\":2}]");
        assertThat(november.get("topMerchants").get(0).toString())
                .isEqualTo("{\"accountId\":\"" + SCENARIO.game + "\",\"total\":\"6\",\"count\":2}");
        assertThat(november.get("daily")).hasSize(30);
        assertThat(november.get("daily").get(0).toString()).isEqualTo("{\"date\":\"2026-11-01\",\"spent\":\"0.005\"}");
        assertThat(november.get("daily").get(1).toString()).isEqualTo("{\"date\":\"2026-11-02\",\"spent\":\"4\"}");
        assertThat(november.get("previousPeriodSpent").asText()).isEqualTo("0.0025");
        assertThat(november.get("changePercent").decimalValue()).isEqualByComparingTo("270100.0");
        JsonNode budget = november.get("budget");
        assertThat(budget.get("monthly").asText()).isEqualTo("30");
        assertThat(budget.get("used").asText()).isEqualTo("6.755");
        assertThat(budget.get("usedPercent").decimalValue()).isEqualByComparingTo("22.5");
        // From November 2 on (the clock's date decides) 6.755 of 30 is within the plan.
        assertThat(budget.get("pace").asText()).isEqualTo("ON_TRACK");
        assertThat(november.get("limits")).hasSize(3);
        assertThat(november.get("limits").get(0).toString()).isEqualTo(
                "{\"limit\":\"perTransfer\",\"value\":\"5\",\"used\":\"4\",\"remaining\":\"5\",\"window\":null}");
        for (JsonNode limit : List.of(november.get("limits").get(1), november.get("limits").get(2))) {
            assertThat(new BigDecimal(limit.get("used").asText()).add(new BigDecimal(limit.get("remaining").asText())))
                    .as(limit.toString()).isEqualByComparingTo(limit.get("value").asText());
        }
        assertThat(november.get("declines").toString()).isEqualTo(
                "[{\"reason\":\"insufficient_funds\",\"count\":1},{\"reason\":\"limit_exceeded\",\"count\":1}]");
    }

    @Test
    void aRangeOfDaysCrossesTheMonthBoundaryOfSeoul() {
        JsonNode twoDays = get("/accounts/" + SCENARIO.alice + "/spending?from=2026-10-31&to=2026-11-01");

        assertThat(twoDays.get("daily").toString()).isEqualTo(
                "[{\"date\":\"2026-10-31\",\"spent\":\"0.0025\"},{\"date\":\"2026-11-01\",\"spent\":\"0.005\"}]");
        assertThat(twoDays.get("spent").asText()).isEqualTo("0.0075");
        assertThat(twoDays.get("changePercent").isNull()).isTrue();
    }

    @Test
    void withoutAPeriodTheSummaryIsOfTheCurrentMonthAndABudgetlessAccountHasNone() {
        JsonNode current = get("/accounts/" + SCENARIO.game + "/spending");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(current.get("from").asText()).isEqualTo(today.substring(0, 8) + "01");
        assertThat(current.get("budget").isNull()).isTrue();
        assertThat(current.get("limits")).isEmpty();
    }

    @Test
    void alertsComeNewestFirstWithWhatTheyAreAbout() {
        JsonNode alice = get("/accounts/" + SCENARIO.alice + "/alerts");
        JsonNode dave = get("/accounts/" + DAVE + "/alerts?limit=10&minVersion=" + LEDGER.version(DAVE));

        // 6.005 by November 3 is ahead of the budget's 3 + 3 for day 3 of 30.
        assertThat(types(alice)).containsExactly("PAYMENT_DECLINED", "PAYMENT_DECLINED", "BUDGET_PACE");
        JsonNode pace = alice.get("alerts").get(2);
        assertThat(pace.get("period").asText()).isEqualTo("2026-11");
        assertThat(pace.get("pace").asText()).isEqualTo("AHEAD");
        assertThat(pace.get("amount").asText()).isEqualTo("6.005");
        assertThat(pace.get("reference").asText()).isEqualTo("3");
        assertThat(pace.get("at").asText()).isEqualTo("2026-11-03T02:10:00.001Z");
        JsonNode declined = alice.get("alerts").get(0);
        assertThat(declined.get("at").asText()).isEqualTo("2026-11-08T03:00:00.001Z");
        assertThat(declined.get("detail").asText()).isEqualTo("Payment " + TAG + "-t-over of 30 USD to "
                + SCENARIO.game + " was declined: limit_exceeded (daily limit, account layer).");
        assertThat(declined.get("reason").asText()).isEqualTo("limit_exceeded");
        assertThat(types(dave)).containsExactly("BUDGET_PACE", "LIMIT_REACHED", "BUDGET_PACE", "BUDGET_THRESHOLD",
                "LIMIT_NEAR");
        assertThat(dave.get("alerts").get(0).get("pace").asText()).isEqualTo("OVER");
        assertThat(dave.get("alerts").get(3).get("threshold").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(get("/accounts/" + SCENARIO.alice + "/alerts?limit=1").get("alerts")).hasSize(1);
    }

    @Test
    void statementsAddUpAndAPostpaidAccountOwesItsNegativeBalance() {
        JsonNode november = get("/accounts/" + SCENARIO.alice + "/statements?month=2026-11");
        JsonNode billed = get("/accounts/" + BOB + "/statements?month=2026-11&minVersion=" + LEDGER.version(BOB));
        JsonNode paid = get("/accounts/" + BOB + "/statements?month=2026-12");

        assertThat(november.toString()).isEqualTo("{\"accountId\":\"" + SCENARIO.alice + "\",\"month\":\"2026-11\","
                + "\"openingBalance\":\"99.9975\",\"payments\":\"6.755\",\"refunds\":\"1.5\",\"topUps\":\"0\","
                + "\"refundsPaid\":\"0\",\"fees\":\"0\",\"feesReceived\":\"0\",\"billPayments\":\"0\","
                + "\"payouts\":\"0\",\"closingBalance\":\"94.7425\",\"amountDue\":\"0\",\"currency\":\"USD\","
                + "\"timezone\":\"Asia/Seoul\",\"from\":\"2026-10-31T15:00:00Z\",\"to\":\"2026-11-30T15:00:00Z\"}");
        assertThat(billed.get("closingBalance").asText()).isEqualTo("-40.34");
        assertThat(billed.get("amountDue").asText()).isEqualTo("40.34");
        assertThat(paid.get("openingBalance").asText()).isEqualTo("-40.34");
        assertThat(paid.get("topUps").asText()).isEqualTo("40.34");
        assertThat(paid.get("amountDue").asText()).isEqualTo("0");
    }

    @Test
    void theBalanceAtAnInstantIsTheOneAfterTheLastEntryUpToIt() {
        String path = "/accounts/" + SCENARIO.alice + "/balance-at?at=";

        assertThat(get(path + "2026-09-30T12:00:00Z").toString()).isEqualTo("{\"accountId\":\"" + SCENARIO.alice
                + "\",\"at\":\"2026-09-30T12:00:00Z\",\"balance\":\"0\"}");
        assertThat(get(path + "2026-10-31T15:00:00Z").get("balance").asText()).isEqualTo("99.9975");
        assertThat(get(path + "2026-11-02T21:00:00%2B09:00").get("balance").asText()).isEqualTo("97.4925");
        assertThat(get(path + "2026-11-02T21:00:00%2B09:00").get("at").asText()).isEqualTo("2026-11-02T12:00:00Z");
    }

    @Test
    void anUnknownAccountIsNotFoundOnEveryEndpoint() {
        String nobody = "/accounts/" + TAG + "-nobody";
        for (String path : List.of("/spending", "/alerts", "/balance-at?at=2026-11-01T00:00:00Z",
                "/statements?month=2026-11")) {
            assertProblem(http.get(nobody + path), 404, "account_not_found", "There is no account");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/spending?month=2026-13|month is not a month of the calendar",
            "/spending?month=2026-1|month must be a month as YYYY-MM",
            "/spending?month=|month must be a month as YYYY-MM",
            "/spending?month=2026-11&from=2026-11-01&to=2026-11-02|give either month or from and to",
            "/spending?from=2026-11-01|from and to go together",
            "/spending?to=2026-11-01|from and to go together",
            "/spending?from=2026-11-31&to=2026-12-01|from is not a date of the calendar",
            "/spending?from=2026-11-01&to=tomorrow|to must be a date as YYYY-MM-DD",
            "/spending?from=2026-11-02&to=2026-11-01|to (2026-11-01) is before from (2026-11-02)",
            "/spending?from=2025-11-01&to=2026-11-02|longer than 366 days",
            "/spending?minVersion=-1|minVersion must be a non-negative integer",
            "/alerts?limit=0|limit must be an integer from 1 to 1000",
            "/alerts?limit=1001|limit must be an integer from 1 to 1000",
            "/alerts?limit=ten|limit must be an integer from 1 to 1000",
            "/alerts?minVersion=x|minVersion must be a non-negative integer",
            "/balance-at|at must be an ISO-8601 instant",
            "/balance-at?at=2026-11-21|at must be an ISO-8601 instant",
            "/balance-at?at=2026-11-21T10:00:00|at must be an ISO-8601 instant",
            "/balance-at?at=2026-11-21T10:00:00Z&minVersion=1.5|minVersion must be a non-negative integer",
            "/statements?month=November|month must be a month as YYYY-MM",
            "/statements?month=2026-11&minVersion=1e3|minVersion must be a non-negative integer"})
    void badParametersAreRefusedWithADetailThatSaysWhatIsWrong(String pathAndDetail) {
        String[] parts = pathAndDetail.split("\\|");
        assertProblem(http.get("/accounts/" + SCENARIO.alice + parts[0]), 400, "validation_failed", parts[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/spending", "/alerts", "/balance-at?at=2026-11-01T00:00:00Z", "/statements"})
    void anAccountIdOutsideTheContractIsRefusedAndAVersionAheadIsBehind(String path) {
        String separator = path.contains("?") ? "&" : "?";
        assertProblem(http.get("/accounts/-dash" + path), 400, "validation_failed", "accountId must be");
        assertProblem(http.get("/accounts/" + SCENARIO.alice + path + separator + "minVersion=100000"), 503,
                "projection_behind", "not version 100000");
    }

    @Test
    void aRebuildFromTheTopicRaisesTheSameAlertsAndKeepsTheSameSpendingState() {
        TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
        JdbcTemplate live = new JdbcTemplate(dataSource);
        TestDatabase empty = TestDatabase.empty("spending-rebuild");
        String rebuildGroup = "query-spending-rebuild-" + TAG;
        try (ConfigurableApplicationContext rebuilt = startAnotherInstance(empty, rebuildGroup)) {
            TestKafka.awaitCaughtUp(TOPIC, rebuildGroup, TIMEOUT);
            JdbcTemplate fresh = new JdbcTemplate(rebuilt.getBean(DataSource.class));

            List<Map<String, Object>> alerts = rows(live, "alert_view", "account_id, sequence, ordinal");
            assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
            assertThat(rows(fresh, "alert_view", "account_id, sequence, ordinal")).isEqualTo(alerts);
            assertThat(rows(fresh, "spending_account", "account_id"))
                    .isNotEmpty()
                    .isEqualTo(rows(live, "spending_account", "account_id"));
        } finally {
            empty.dropOwnSchema();
        }
    }

    private static List<String> types(JsonNode alerts) {
        List<String> types = new ArrayList<>();
        alerts.get("alerts").forEach(alert -> types.add(alert.get("type").asText()));
        return types;
    }

    /** This run's rows of a table: the database may be shared with other runs. */
    private static List<Map<String, Object>> rows(JdbcTemplate jdbc, String table, String orderBy) {
        return jdbc.queryForList("SELECT * FROM " + table + " WHERE account_id LIKE ? ORDER BY " + orderBy, TAG + "-%");
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

    private static void assertProblem(Response response, int status, String code, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(body.get("detail").asText()).as(response.toString()).contains(detail);
    }
}
