package dev.microledger.query.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.events.LedgerEvent;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKeys;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst endpoints over HTTP against a real database, filled by the real projection from
 * events on the real broker. The events carry chosen times (UTC day and hour boundaries, the
 * edges of the period) and amounts (bucket edges, sub-cent amounts), and every expected number
 * below is worked out by hand from the list in {@link #ledgerEvents()}. The database is this
 * class's alone, so answers without a currency filter are exact too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AnalyticsIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final String TOPIC = "ledger.events.analytics-" + TAG;
    private static final String GROUP = "query-analytics-" + TAG;
    private static final TestDatabase DATABASE = TestDatabase.empty("analytics");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper mapper = new ObjectMapper();
    /** The period of most queries: two whole UTC days, 2026-03-01T00:00Z to 2026-03-03T00:00Z. */
    private static final String MARCH_1_AND_2 = "from=2026-03-01&to=2026-03-02";
    private static final String ARCADE = "games, \"arcade\"";
    private static boolean caughtUp;

    @LocalServerPort
    private int port;
    private TestHttp http;

    @BeforeAll
    static void produceTheLedgersEvents() {
        TestKafka.createTopic(TOPIC, 6);
        TestKafka.produce(TOPIC, ledgerEvents());
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.dropOwnSchema();
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
    void awaitTheProjection() {
        http = new TestHttp(port);
        if (!caughtUp) {
            TestKafka.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
            caughtUp = true;
        }
    }

    /**
     * USD payments of USER accounts on 2026-03-01 and 03-02 (UTC), the ones every expectation counts:
     * <pre>
     *  #  time (UTC)                payer  payee  amount     category          bucket
     *  1  03-01T00:00:00.000        alice  news   0.0025     news              1
     *  2  03-01T00:59:59.999        alice  news   0.01       news              1 (edge)
     *  3  03-01T01:00:00.000        bob    news   0.010001   news              2
     *  4  03-01T23:59:59.999        bob    games  0.1        games, "arcade"   2 (edge)
     *  5  03-02T00:00:00.000        carol  games  1          games, "arcade"   3 (edge)
     *  6  03-02T00:30:00.000        alice  games  10         (none)            4 (edge)
     *  7  03-02T01:00:00.000        alice  fees   10.000001  fees              5
     *  8  03-02T02:00:00.000        carol  games  3.99       games             4 (posted part of a 4.99 hold)
     * </pre>
     * Not spending: top-ups (SYSTEM debits), a merchant's settlement, the hold itself, a voided hold,
     * a refund, and payments just before and at the end of the period. EUR: dora pays 0.0025 (news) at
     * 03-01T00:00. KRW: kim pays 0.01 and 1200 (carrier) at 03-01T12:00 and 12:30.
     */
    private static List<LedgerEvent> ledgerEvents() {
        TestLedger ledger = new TestLedger();
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding-usd", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("funding-eur", "SYSTEM", "EUR", 6, "0"));
        events.add(ledger.open("funding-krw", "SYSTEM", "KRW", 2, "0"));
        events.add(ledger.open("fees", "SYSTEM", "USD", 6, "0"));
        for (String user : List.of("alice", "bob", "carol")) {
            events.add(ledger.open(user, "USER", "USD", 6, "0"));
        }
        events.add(ledger.open("dora", "USER", "EUR", 6, "0"));
        events.add(ledger.open("kim", "USER", "KRW", 2, "0"));
        events.add(ledger.open("news", "MERCHANT", "USD", 6, "0"));
        events.add(ledger.open("games", "MERCHANT", "USD", 6, "0"));
        events.add(ledger.open("shop-eur", "MERCHANT", "EUR", 6, "0"));
        events.add(ledger.open("telco", "MERCHANT", "KRW", 2, "0"));

        // Top-ups inside the period: debits of SYSTEM accounts, not spending.
        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("top-up-alice", "funding-usd", "alice", "100", "top-up")));
        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("top-up-bob", "funding-usd", "bob", "100", "top-up")));
        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("top-up-carol", "funding-usd", "carol", "100", "top-up")));
        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("top-up-dora", "funding-eur", "dora", "50", "top-up")));
        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("top-up-kim", "funding-krw", "kim", "100000", "top-up")));

        // Just outside the period on either side.
        events.addAll(at("2026-02-28T23:59:59.999Z", ledger.transfer("before", "alice", "news", "5", "news")));
        events.addAll(at("2026-03-03T00:00:00Z", ledger.transfer("after", "alice", "news", "5", "news")));

        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("p1", "alice", "news", "0.0025", "news")));
        events.addAll(at("2026-03-01T00:59:59.999Z", ledger.transfer("p2", "alice", "news", "0.01", "news")));
        events.addAll(at("2026-03-01T01:00:00Z", ledger.transfer("p3", "bob", "news", "0.010001", "news")));
        events.addAll(at("2026-03-01T23:59:59.999Z", ledger.transfer("p4", "bob", "games", "0.1", ARCADE)));
        events.addAll(at("2026-03-02T00:00:00Z", ledger.transfer("p5", "carol", "games", "1", ARCADE)));
        events.addAll(at("2026-03-02T00:30:00Z", ledger.transfer("p6", "alice", "games", "10", null)));
        events.addAll(at("2026-03-02T01:00:00Z", ledger.transfer("p7", "alice", "fees", "10.000001", "fees")));
        events.addAll(at("2026-03-02T01:30:00Z", List.of(ledger.hold("p8", "carol", "games", "4.99"))));
        events.addAll(at("2026-03-02T02:00:00Z", ledger.postHold("p8", "carol", "games", "4.99", "3.99")));

        // A voided hold, a refund and a merchant's settlement move no spending.
        events.addAll(at("2026-03-01T05:00:00Z", List.of(ledger.hold("voided", "bob", "games", "2"))));
        events.addAll(at("2026-03-01T05:01:00Z", List.of(ledger.release("voided", "bob", "2", "VOIDED"))));
        events.addAll(at("2026-03-02T03:00:00Z", ledger.refund("p8-refund", "p8", "games", "carol", "0.5")));
        events.addAll(at("2026-03-02T04:00:00Z", ledger.transfer("settle", "news", "fees", "0.005", "settlement")));

        events.addAll(at("2026-03-01T00:00:00Z", ledger.transfer("e1", "dora", "shop-eur", "0.0025", "news")));
        events.addAll(at("2026-03-01T12:00:00Z", ledger.transfer("k1", "kim", "telco", "0.01", "carrier")));
        events.addAll(at("2026-03-01T12:30:00Z", ledger.transfer("k2", "kim", "telco", "1200", "carrier")));

        events.add(at("2026-03-01T09:00:00Z", ledger.declined("dora", "d1", "shop-eur", "1", "account_frozen", null, null)));
        events.add(at("2026-03-01T10:15:00Z",
                ledger.declined("alice", "d2", "games", "500", "insufficient_funds", null, null)));
        events.add(at("2026-03-01T10:45:00Z",
                ledger.declined("alice", "d3", "games", "20", "limit_exceeded", "daily", "account")));
        events.add(at("2026-03-01T10:59:59.999Z",
                ledger.declined("bob", "d4", "games", "6", "limit_exceeded", "perTransfer", "account")));
        events.add(at("2026-03-01T11:00:00Z",
                ledger.declined("bob", "d5", "games", "60", "limit_exceeded", "monthly", "system")));
        events.add(at("2026-03-01T11:30:00Z",
                ledger.declined("kim", "d6", "telco", "990000", "limit_exceeded", "monthly", "system")));
        events.add(at("2026-03-03T00:00:00Z",
                ledger.declined("kim", "d7", "telco", "1", "insufficient_funds", null, null)));
        return events;
    }

    @Test
    void spendingByCategoryCountsPaymentsOfUsersOnlyLargestFirst() {
        Response response = http.get("/analytics/spending?groupBy=category&currency=USD&" + MARCH_1_AND_2);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("rows")).isEqualTo(json("""
                [{"key":"fees","total":"10.000001","count":1,"payers":1,"currency":"USD"},
                 {"key":null,"total":"10","count":1,"payers":1,"currency":"USD"},
                 {"key":"games","total":"3.99","count":1,"payers":1,"currency":"USD"},
                 {"key":"games, \\"arcade\\"","total":"1.1","count":2,"payers":2,"currency":"USD"},
                 {"key":"news","total":"0.022501","count":3,"payers":2,"currency":"USD"}]"""));
        assertThat(body.get("groupBy").asText()).isEqualTo("category");
        assertThat(body.get("from").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(body.get("to").asText()).isEqualTo("2026-03-03T00:00:00Z");
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("limit").asInt()).isEqualTo(1000);
        assertThat(body.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void spendingWithoutACurrencyHasRowsPerCurrencyAndNeverAddsThemUp() {
        JsonNode rows = http.get("/analytics/spending?groupBy=category&" + MARCH_1_AND_2).json().get("rows");

        // "news" is paid in EUR and in USD: two rows, never one sum.
        assertThat(rows).isEqualTo(json("""
                [{"key":"news","total":"0.0025","count":1,"payers":1,"currency":"EUR"},
                 {"key":"carrier","total":"1200.01","count":2,"payers":1,"currency":"KRW"},
                 {"key":"fees","total":"10.000001","count":1,"payers":1,"currency":"USD"},
                 {"key":null,"total":"10","count":1,"payers":1,"currency":"USD"},
                 {"key":"games","total":"3.99","count":1,"payers":1,"currency":"USD"},
                 {"key":"games, \\"arcade\\"","total":"1.1","count":2,"payers":2,"currency":"USD"},
                 {"key":"news","total":"0.022501","count":3,"payers":2,"currency":"USD"}]"""));
    }

    @Test
    void spendingByMerchantCountsDistinctPayers() {
        JsonNode rows = http.get("/analytics/spending?groupBy=merchant&currency=USD&" + MARCH_1_AND_2).json()
                .get("rows");

        assertThat(rows).isEqualTo(json("""
                [{"key":"games","total":"15.09","count":4,"payers":3,"currency":"USD"},
                 {"key":"fees","total":"10.000001","count":1,"payers":1,"currency":"USD"},
                 {"key":"news","total":"0.022501","count":3,"payers":2,"currency":"USD"}]"""));
    }

    @Test
    void spendingByDaySplitsAtUtcMidnight() {
        JsonNode rows = http.get("/analytics/spending?groupBy=day&currency=USD&" + MARCH_1_AND_2).json().get("rows");

        assertThat(rows).isEqualTo(json("""
                [{"key":"2026-03-01","total":"0.122501","count":4,"payers":2,"currency":"USD"},
                 {"key":"2026-03-02","total":"24.990001","count":4,"payers":2,"currency":"USD"}]"""));
    }

    @Test
    void spendingByHourSplitsAtTheFullUtcHour() {
        JsonNode rows = http.get("/analytics/spending?groupBy=hour&currency=USD&" + MARCH_1_AND_2).json().get("rows");

        assertThat(rows).isEqualTo(json("""
                [{"key":"2026-03-01T00:00:00Z","total":"0.0125","count":2,"payers":1,"currency":"USD"},
                 {"key":"2026-03-01T01:00:00Z","total":"0.010001","count":1,"payers":1,"currency":"USD"},
                 {"key":"2026-03-01T23:00:00Z","total":"0.1","count":1,"payers":1,"currency":"USD"},
                 {"key":"2026-03-02T00:00:00Z","total":"11","count":2,"payers":2,"currency":"USD"},
                 {"key":"2026-03-02T01:00:00Z","total":"10.000001","count":1,"payers":1,"currency":"USD"},
                 {"key":"2026-03-02T02:00:00Z","total":"3.99","count":1,"payers":1,"currency":"USD"}]"""));
    }

    @Test
    void thePeriodIncludesFromAndExcludesAnInstantTo() {
        JsonNode lastMillisecond = http.get("/analytics/spending?groupBy=merchant&currency=USD"
                + "&from=2026-03-01T00:59:59.999Z&to=2026-03-01T01:00:00Z").json().get("rows");
        assertThat(lastMillisecond).isEqualTo(json("""
                [{"key":"news","total":"0.01","count":1,"payers":1,"currency":"USD"}]"""));

        // Dates are whole days: 02-28 to 03-03 take the payments just before and at the end of March 1 and 2.
        JsonNode wider = http.get("/analytics/spending?groupBy=merchant&currency=USD&from=2026-02-28&to=2026-03-03")
                .json().get("rows");
        assertThat(wider.get(0)).isEqualTo(json("""
                {"key":"games","total":"15.09","count":4,"payers":3,"currency":"USD"}"""));
        assertThat(wider.get(1)).isEqualTo(json("""
                {"key":"news","total":"10.022501","count":5,"payers":2,"currency":"USD"}"""));

        // An instant with an offset: 09:00 in Seoul is midnight UTC.
        JsonNode seoul = http.get("/analytics/spending?groupBy=day&currency=USD"
                + "&from=2026-03-02T09:00:00%2B09:00&to=2026-03-02T09:30:00%2B09:00").json().get("rows");
        assertThat(seoul).isEqualTo(json("""
                [{"key":"2026-03-02","total":"1","count":1,"payers":1,"currency":"USD"}]"""));
    }

    @Test
    void transferSizesFallIntoBucketsWithInclusiveUpperEdges() {
        Response response = http.get("/analytics/transfer-sizes?currency=USD&" + MARCH_1_AND_2);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("buckets")).isEqualTo(json("""
                [{"upTo":"0.01","count":2,"total":"0.0125","currency":"USD"},
                 {"upTo":"0.1","count":2,"total":"0.110001","currency":"USD"},
                 {"upTo":"1","count":1,"total":"1","currency":"USD"},
                 {"upTo":"10","count":2,"total":"13.99","currency":"USD"},
                 {"upTo":null,"count":1,"total":"10.000001","currency":"USD"}]"""));
        assertThat(response.json().get("truncated").asBoolean()).isFalse();
    }

    @Test
    void transferSizesHaveFiveBucketsPerCurrencyEmptyOnesIncluded() {
        JsonNode buckets = http.get("/analytics/transfer-sizes?" + MARCH_1_AND_2).json().get("buckets");

        assertThat(buckets).hasSize(15);
        assertThat(buckets.get(0)).isEqualTo(json("""
                {"upTo":"0.01","count":1,"total":"0.0025","currency":"EUR"}"""));
        assertThat(buckets.get(1)).isEqualTo(json("""
                {"upTo":"0.1","count":0,"total":"0","currency":"EUR"}"""));
        // KRW has a scale of 2: 0.01 is one minor unit and sits in the first bucket, on its edge.
        assertThat(buckets.get(5)).isEqualTo(json("""
                {"upTo":"0.01","count":1,"total":"0.01","currency":"KRW"}"""));
        assertThat(buckets.get(8)).isEqualTo(json("""
                {"upTo":"10","count":0,"total":"0","currency":"KRW"}"""));
        assertThat(buckets.get(9)).isEqualTo(json("""
                {"upTo":null,"count":1,"total":"1200","currency":"KRW"}"""));
        assertThat(buckets.get(14)).isEqualTo(json("""
                {"upTo":null,"count":1,"total":"10.000001","currency":"USD"}"""));
    }

    @Test
    void aCurrencyWithoutPaymentsInThePeriodHasFiveEmptyBuckets() {
        JsonNode buckets = http.get("/analytics/transfer-sizes?currency=EUR&from=2026-01-01&to=2026-01-31").json()
                .get("buckets");

        assertThat(buckets).hasSize(5);
        for (JsonNode bucket : buckets) {
            assertThat(bucket.get("count").asLong()).isZero();
            assertThat(bucket.get("total").asText()).isEqualTo("0");
            assertThat(bucket.get("currency").asText()).isEqualTo("EUR");
        }
    }

    @Test
    void declinesAreCountedPerReasonLayerAndUtcHour() {
        JsonNode all = http.get("/analytics/declines?" + MARCH_1_AND_2).json().get("rows");
        assertThat(all).isEqualTo(json("""
                [{"reason":"account_frozen","layer":null,"hour":"2026-03-01T09:00:00Z","count":1},
                 {"reason":"insufficient_funds","layer":null,"hour":"2026-03-01T10:00:00Z","count":1},
                 {"reason":"limit_exceeded","layer":"account","hour":"2026-03-01T10:00:00Z","count":2},
                 {"reason":"limit_exceeded","layer":"system","hour":"2026-03-01T11:00:00Z","count":2}]"""));

        JsonNode usd = http.get("/analytics/declines?currency=USD&" + MARCH_1_AND_2).json().get("rows");
        assertThat(usd).isEqualTo(json("""
                [{"reason":"insufficient_funds","layer":null,"hour":"2026-03-01T10:00:00Z","count":1},
                 {"reason":"limit_exceeded","layer":"account","hour":"2026-03-01T10:00:00Z","count":2},
                 {"reason":"limit_exceeded","layer":"system","hour":"2026-03-01T11:00:00Z","count":1}]"""));
    }

    @Test
    void csvHasAHeaderLineAndQuotesKeysWithCommasAndQuotes() {
        Response response = http.get("/analytics/spending?groupBy=category&currency=USD&" + MARCH_1_AND_2, "text/csv");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualToIgnoringCase("text/csv;charset=UTF-8");
        assertThat(response.body()).isEqualTo("""
                key,total,count,payers,currency
                fees,10.000001,1,1,USD
                ,10,1,1,USD
                games,3.99,1,1,USD
                "games, ""arcade""\",1.1,2,2,USD
                news,0.022501,3,2,USD
                """);
    }

    @Test
    void transferSizesAndDeclinesAreCsvToo() {
        assertThat(http.get("/analytics/transfer-sizes?currency=KRW&" + MARCH_1_AND_2, "text/csv").body())
                .isEqualTo("""
                        upTo,count,total,currency
                        0.01,1,0.01,KRW
                        0.1,0,0,KRW
                        1,0,0,KRW
                        10,0,0,KRW
                        ,1,1200,KRW
                        """);
        assertThat(http.get("/analytics/declines?currency=KRW&" + MARCH_1_AND_2 + "&format=csv", "text/html").body())
                .isEqualTo("""
                        reason,layer,hour,count
                        limit_exceeded,system,2026-03-01T11:00:00Z,1
                        """);
    }

    @Test
    void rowsAreCutAtTheLimitAndTheAnswerSaysSo() {
        Response cut = http.get("/analytics/spending?groupBy=category&currency=USD&limit=2&" + MARCH_1_AND_2);
        assertThat(cut.json().get("rows")).hasSize(2);
        assertThat(cut.json().get("rows").get(1).get("total").asText()).isEqualTo("10");
        assertThat(cut.json().get("truncated").asBoolean()).isTrue();
        assertThat(cut.json().get("limit").asInt()).isEqualTo(2);

        Response exact = http.get("/analytics/spending?groupBy=category&currency=USD&limit=5&" + MARCH_1_AND_2);
        assertThat(exact.json().get("rows")).hasSize(5);
        assertThat(exact.json().get("truncated").asBoolean()).isFalse();

        Response csv = http.get("/analytics/declines?limit=1&" + MARCH_1_AND_2, "text/csv");
        assertThat(csv.body()).isEqualTo("reason,layer,hour,count\naccount_frozen,,2026-03-01T09:00:00Z,1\n");

        // Seven buckets: EUR's five and KRW's first two, the second of them empty.
        JsonNode buckets = http.get("/analytics/transfer-sizes?limit=7&" + MARCH_1_AND_2).json();
        assertThat(buckets.get("truncated").asBoolean()).isTrue();
        assertThat(buckets.get("buckets")).hasSize(7);
        assertThat(buckets.get("buckets").get(6)).isEqualTo(json("""
                {"upTo":"0.1","count":0,"total":"0","currency":"KRW"}"""));
    }

    @Test
    void theTruncatedHeaderTellsCsvReadersThatRowsWereCut() throws IOException, InterruptedException {
        assertThat(header("/analytics/declines?limit=1&" + MARCH_1_AND_2)).isEqualTo("true");
        assertThat(header("/analytics/declines?limit=4&" + MARCH_1_AND_2)).isEqualTo("false");
    }

    @Test
    void anEmptyPeriodHasNoRows() {
        Response response = http.get("/analytics/spending?groupBy=hour&from=2026-01-01&to=2026-01-02");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("rows")).isEmpty();
        assertThat(http.get("/analytics/transfer-sizes?from=2026-01-01&to=2026-01-02").json().get("buckets")).isEmpty();
        assertThat(http.get("/analytics/spending?groupBy=day&from=2026-01-01&to=2026-01-02", "text/csv").body())
                .isEqualTo("key,total,count,payers,currency\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/analytics/spending?groupBy=week                              | validation_failed | groupBy",
            "/analytics/spending?groupBy=CATEGORY                          | validation_failed | groupBy",
            "/analytics/spending?from=2026-13-01                           | validation_failed | from",
            "/analytics/spending?from=2026-03-01T10:00:00                  | validation_failed | offset",
            "/analytics/declines?from=2026-03-02&to=2026-03-01             | validation_failed | is after to",
            "/analytics/transfer-sizes?from=2025-01-01&to=2026-03-01       | validation_failed | 366 days",
            "/analytics/transfer-sizes?currency=XXX                        | unknown_currency  | XXX",
            "/analytics/spending?currency=usd                              | unknown_currency  | usd",
            "/analytics/declines?currency=US%24                            | validation_failed | currency",
            "/analytics/spending?limit=0                                   | validation_failed | limit",
            "/analytics/spending?limit=10001                               | validation_failed | limit",
            "/analytics/declines?limit=ten                                 | validation_failed | limit",
            "/analytics/transfer-sizes?limit=-1                            | validation_failed | limit",
            "/analytics/spending?format=xml                                | validation_failed | format"})
    void badParametersAreRefusedWithAReason(String path, String code, String detail) {
        for (String accept : List.of("application/json", "text/csv")) {
            Response response = http.get(path, accept);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("code").asText()).isEqualTo(code);
            assertThat(response.json().get("detail").asText()).contains(detail);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/analytics/spending?groupBy=day", "/analytics/transfer-sizes", "/analytics/declines",
            "/analytics/trial-balance"})
    void anAcceptHeaderForNeitherJsonNorCsvIsNotAcceptable(String path) {
        Response response = http.get(path, "text/html");

        assertThat(response.status()).as(response.toString()).isEqualTo(406);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("not_acceptable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/analytics/spending", "/analytics/transfer-sizes", "/analytics/declines"})
    void withoutParametersTheLastThirtyDaysAreAnsweredAsJson(String path) {
        Response response = http.get(path, "*/*");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        Instant from = Instant.parse(response.json().get("from").asText());
        Instant to = Instant.parse(response.json().get("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theApiDocumentDescribesTheAnalystEndpoints() {
        JsonNode paths = http.get("/v3/api-docs").json().get("paths");

        for (String path : List.of("/analytics/spending", "/analytics/transfer-sizes", "/analytics/declines")) {
            assertThat(paths.has(path)).as(path).isTrue();
            assertThat(paths.get(path).at("/get/responses/200/content").has("text/csv")).as(path).isTrue();
        }
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        Response response = http.send("POST", "/analytics/spending", "application/json");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().get("code").asText()).isEqualTo("method_not_allowed");
    }

    private String header(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/csv").header("Authorization", "Bearer " + TestKeys.all())
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue(AnalyticsController.TRUNCATED_HEADER).orElse(null);
    }

    private static List<LedgerEvent> at(String time, List<LedgerEvent> events) {
        List<LedgerEvent> timed = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            timed.add(at(time, event));
        }
        return timed;
    }

    private static LedgerEvent at(String time, LedgerEvent event) {
        return new LedgerEvent(event.id(), event.source(), event.type(), Instant.parse(time), event.data());
    }

    private static JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
