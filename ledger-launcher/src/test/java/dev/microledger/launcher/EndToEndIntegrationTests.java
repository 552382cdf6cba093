package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path as a client sees it: HTTP command to ledger-service, event store, Kafka, the
 * projection in query-service, HTTP query. Every part is the real thing, each in its own process.
 */
class EndToEndIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedSystem system;
    private static Path directory;
    private static String key;

    @BeforeAll
    static void startSystem() throws IOException {
        directory = TestDirectories.enterableByOthers(Files.createTempDirectory("micro-ledger-e2e"));
        system = EmbeddedSystem.start(EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0));
        key = system.createKey("end-to-end test", "payments", "treasury", "accounts", "support", "analyst", "operator");
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aKeyMadeWithTheKeysCommandWorksOnBothServicesUntilItsRevocationBindsOnBothWithinFiveSeconds() throws Exception {
        String dataDirectory = system.settings().dataDirectory().toString();
        java.io.ByteArrayOutputStream created = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();

        int createExit = KeysCommand.run(new String[] {"create", "--name", "e2e support", "--roles", "support,payments",
                "--ledger-url", system.ledgerUrl(), "--data-dir", dataDirectory},
                new java.io.PrintStream(created, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(createExit).as(errors.toString()).isZero();
        List<String> lines = created.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        String key = lines.get(lines.size() - 1);
        String keyId = key.substring(4, 20);
        assertThat(awaitStatusOtherThan(system.queryUrl() + "/accounts/nobody", key, 401)).isEqualTo(404);
        assertThat(statusWith(system.ledgerUrl() + "/transfers/nothing", key)).isEqualTo(404);
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        assertThat(KeysCommand.run(new String[] {"list", "--ledger-url", system.ledgerUrl(), "--data-dir", dataDirectory},
                new java.io.PrintStream(listed, true, java.nio.charset.StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(listed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(keyId, "e2e support", "payments,support")
                .doesNotContain(key.substring(21));

        long revokedAt = System.nanoTime();
        assertThat(KeysCommand.run(new String[] {"revoke", keyId, "--ledger-url", system.ledgerUrl(), "--data-dir",
                dataDirectory}, System.out, System.err)).isZero();

        assertThat(statusWith(system.ledgerUrl() + "/transfers/nothing", key)).isEqualTo(401);
        assertThat(awaitStatusOtherThan(system.queryUrl() + "/accounts/nobody", key, 404)).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(5));
    }

    private static int statusWith(String url, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Asks until the answer is not {@code status} any more (at most 30 s) and returns the answer's status. */
    private static int awaitStatusOtherThan(String url, String key, int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int answer = statusWith(url, key);
        while (answer == status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = statusWith(url, key);
        }
        return answer;
    }

    @Test
    void aMicropaymentTravelsFromCommandToQuery() throws Exception {
        String funding = id("funding");
        String alice = id("alice");
        String news = id("news-co");
        assertThat(openAccount(funding, "SYSTEM").status()).isEqualTo(201);
        assertThat(openAccount(alice, "USER").status()).isEqualTo(201);
        assertThat(openAccount(news, "MERCHANT").status()).isEqualTo(201);
        assertThat(transfer(id("top-up"), funding, alice, "10").status()).isEqualTo(201);

        Response payment = transfer(id("article"), alice, news, "0.0025");

        assertThat(payment.status()).isEqualTo(201);
        long aliceVersion = payment.json().path("versions").path(alice).asLong();
        long newsVersion = payment.json().path("versions").path(news).asLong();
        Response aliceView = awaitVersion("/accounts/" + alice + "?minVersion=" + aliceVersion);
        Response newsView = awaitVersion("/accounts/" + news + "?minVersion=" + newsVersion);
        assertThat(aliceView.status()).isEqualTo(200);
        assertThat(aliceView.json().path("balance").asText()).isEqualTo("9.9975");
        assertThat(aliceView.json().path("available").asText()).isEqualTo("9.9975");
        assertThat(aliceView.json().path("version").asLong()).isEqualTo(aliceVersion);
        assertThat(newsView.json().path("balance").asText()).isEqualTo("0.0025");
        JsonNode entries = query("/accounts/" + alice + "/entries?limit=10").json().path("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("direction").asText()).isEqualTo("DEBIT");
        assertThat(entries.get(0).path("amount").asText()).isEqualTo("0.0025");
        assertThat(entries.get(0).path("counterpartyAccountId").asText()).isEqualTo(news);
        assertThat(entries.get(0).path("balanceAfter").asText()).isEqualTo("9.9975");
        assertThat(entries.get(1).path("direction").asText()).isEqualTo("CREDIT");
    }

    @Test
    void concurrentTransfersAndBatchesKeepTheProjectedTrialBalanceAtZero() throws Exception {
        String funding = id("funding");
        openAccount(funding, "SYSTEM");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String user = id("user" + i);
            users.add(user);
            openAccount(user, "USER");
            transfer(id("top-up"), funding, user, "3");
        }
        Map<String, Long> lastVersion = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            long seed = thread;
            work.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < 30; i++) {
                    String from = users.get(random.nextInt(users.size()));
                    String to = users.get((users.indexOf(from) + 1 + random.nextInt(users.size() - 1)) % users.size());
                    Response response = transfer(id("t"), from, to, "0." + (1 + random.nextInt(999)));
                    if (response.status() == 201) {
                        response.json().path("versions").fields().forEachRemaining(version ->
                                lastVersion.merge(version.getKey(), version.getValue().asLong(), Math::max));
                    } else {
                        assertThat(response.json().path("code").asText()).isEqualTo("insufficient_funds");
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> future : work) {
            future.get();
        }
        Response batch = post(system.ledgerUrl() + "/transfers/batch", "{\"transfers\":["
                + transferJson(id("b"), funding, users.get(0), "1") + ","
                + transferJson(id("b"), users.get(0), users.get(1), "0.5") + "]}");
        batch.json().path("results").forEach(result -> result.path("versions").fields().forEachRemaining(version ->
                lastVersion.merge(version.getKey(), version.getValue().asLong(), Math::max)));

        BigDecimal sum = BigDecimal.ZERO;
        List<String> all = new ArrayList<>(users);
        all.add(funding);
        for (String account : all) {
            Response view = awaitVersion("/accounts/" + account + "?minVersion=" + lastVersion.getOrDefault(account, 0L));
            assertThat(view.status()).as("projection of %s caught up", account).isEqualTo(200);
            BigDecimal balance = new BigDecimal(view.json().path("balance").asText());
            if (!account.equals(funding)) {
                assertThat(balance).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            }
            sum = sum.add(balance);
        }
        assertThat(sum).isEqualByComparingTo(BigDecimal.ZERO);
        JsonNode trialBalance = query("/analytics/trial-balance").json();
        assertThat(trialBalance.isArray()).isTrue();
        trialBalance.forEach(row -> assertThat(new BigDecimal(row.path("sumOfBalances").asText()))
                .isEqualByComparingTo(BigDecimal.ZERO));
    }

    @Test
    void aDeclinedPaymentIsRecordedButMovesNoMoneyAndOtherRejectionsLeaveNoTrace() throws Exception {
        String funding = id("funding");
        String bob = id("bob");
        String shop = id("shop");
        openAccount(funding, "SYSTEM");
        openAccount(bob, "USER");
        openAccount(shop, "MERCHANT");
        Response topUp = transfer(id("top-up"), funding, bob, "1");

        Response declined = transfer(id("t"), bob, shop, "1.000001");
        Response mismatched = post(system.ledgerUrl() + "/transfers", transferJson(id("t"), bob, shop, "1")
                .replace("\"USD\"", "\"EUR\""));

        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.json().path("code").asText()).isEqualTo("insufficient_funds");
        assertThat(mismatched.json().path("code").asText()).isEqualTo("currency_mismatch");
        // The decline is a fact on bob's stream (one version up); the currency mismatch is not.
        long declineVersion = topUp.json().path("versions").path(bob).asLong() + 1;
        Response bobView = awaitVersion("/accounts/" + bob + "?minVersion=" + declineVersion);
        assertThat(bobView.json().path("balance").asText()).isEqualTo("1");
        assertThat(bobView.json().path("version").asLong()).isEqualTo(declineVersion);
        assertThat(query("/accounts/" + bob + "?minVersion=" + (declineVersion + 1)).status()).isEqualTo(503);
        assertThat(query("/accounts/" + bob + "/entries").json().path("entries")).hasSize(1);
    }

    @Test
    void holdsRefundsAndFreezesReachTheQuerySide() throws Exception {
        String funding = id("funding");
        String alice = id("alice");
        String game = id("game");
        openAccount(funding, "SYSTEM");
        openAccount(alice, "USER");
        openAccount(game, "MERCHANT");
        transfer(id("top-up"), funding, alice, "10");
        String held = id("hold");
        assertThat(post(system.ledgerUrl() + "/transfers", transferJson(held, alice, game, "4")
                .replace("}", ",\"pending\":{\"timeoutSeconds\":300}}")).status()).isEqualTo(201);
        String voided = id("hold");
        post(system.ledgerUrl() + "/transfers", transferJson(voided, alice, game, "1")
                .replace("}", ",\"pending\":{\"timeoutSeconds\":300}}"));
        Response voidAnswer = post(system.ledgerUrl() + "/transfers/" + voided + "/void", "");
        assertThat(voidAnswer.status()).isEqualTo(200);
        assertThat(voidAnswer.json().path("status").asText()).isEqualTo("VOIDED");

        Response pendingView = awaitVersion("/accounts/" + alice + "?minVersion="
                + voidAnswer.json().path("versions").path(alice).asLong());
        assertThat(pendingView.json().path("pending").asText()).isEqualTo("4");
        assertThat(pendingView.json().path("available").asText()).isEqualTo("6");

        assertThat(post(system.ledgerUrl() + "/transfers/" + held + "/post", "{\"amount\":\"3\"}").status())
                .isEqualTo(200);
        Response refund = post(system.ledgerUrl() + "/transfers/" + held + "/refunds",
                "{\"refundId\":\"" + id("refund") + "\",\"amount\":\"0.5\"}");
        assertThat(refund.status()).isEqualTo(201);
        Response frozen = post(system.ledgerUrl() + "/accounts/" + game + "/freeze", "");
        long gameVersion = frozen.json().path("version").asLong();
        long aliceVersion = refund.json().path("versions").path(alice).asLong();

        Response aliceView = awaitVersion("/accounts/" + alice + "?minVersion=" + aliceVersion);
        Response gameView = awaitVersion("/accounts/" + game + "?minVersion=" + gameVersion);
        assertThat(aliceView.json().path("balance").asText()).isEqualTo("7.5");
        assertThat(aliceView.json().path("pending").asText()).isEqualTo("0");
        assertThat(gameView.json().path("status").asText()).isEqualTo("FROZEN");
        assertThat(gameView.json().path("balance").asText()).isEqualTo("2.5");
        JsonNode entries = query("/accounts/" + alice + "/entries?limit=10").json().path("entries");
        List<String> shown = new ArrayList<>();
        entries.forEach(entry -> shown.add(entry.path("kind").asText() + ":" + entry.path("status").asText()
                + ":" + entry.path("amount").asText()));
        assertThat(shown).containsExactly("REFUND:POSTED:0.5", "HOLD_CAPTURE:POSTED:3", "HOLD:VOIDED:1",
                "HOLD:POSTED:4", "PAYMENT:POSTED:10");
    }

    @Test
    void feesBillsAndSettlementsReachTheQuerySide() throws Exception {
        String funding = id("funding");
        String revenue = id("fees");
        String payouts = id("payouts");
        String kim = id("kim");
        String news = id("news");
        for (String system : List.of(funding, revenue, payouts)) {
            openAccount(system, "SYSTEM");
        }
        openAccount(news, "MERCHANT");
        assertThat(send(HttpRequest.newBuilder(URI.create(system.ledgerUrl() + "/accounts/" + kim))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":\"30\"}")))
                .status()).isEqualTo(201);
        assertThat(send(HttpRequest.newBuilder(URI.create(system.ledgerUrl() + "/accounts/" + news + "/fees"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rate\":\"0.05\",\"fixed\":\"0.001\",\"revenueAccountId\":\""
                        + revenue + "\"}"))).status()).isEqualTo(200);
        Response first = transfer(id("t"), kim, news, "0.25");
        assertThat(first.json().path("fee").asText()).isEqualTo("0.0135");
        transfer(id("t"), kim, news, "0.75");

        Response bill = post(system.ledgerUrl() + "/accounts/" + kim + "/bills", "");
        assertThat(bill.status()).isEqualTo(201);
        String billId = bill.json().path("billId").asText();
        assertThat(bill.json().path("amountDue").asText()).isEqualTo("1");
        Response paid = post(system.ledgerUrl() + "/bills/" + billId + "/payments", "{\"paymentId\":\"" + id("p")
                + "\",\"debitAccountId\":\"" + funding + "\"}");
        assertThat(paid.status()).isEqualTo(201);
        Response settlement = post(system.ledgerUrl() + "/settlements", "{\"merchantAccountId\":\"" + news
                + "\",\"payoutAccountId\":\"" + payouts + "\"}");
        assertThat(settlement.status()).isEqualTo(201);
        // 0.25 + 0.75 less fees of 0.0135 and 0.0385.
        assertThat(settlement.json().path("net").asText()).isEqualTo("0.948");

        Response bills = awaitVersion("/accounts/" + kim + "/bills?minVersion=" + paid.json().path("versions").path(kim).asLong());
        assertThat(bills.status()).isEqualTo(200);
        JsonNode shown = bills.json().path("bills").get(0);
        assertThat(shown.path("billId").asText()).isEqualTo(billId);
        assertThat(shown.path("status").asText()).isEqualTo("PAID");
        assertThat(shown.path("amountPaid").asText()).isEqualTo("1");
        assertThat(shown.path("lines").get(0).path("merchantAccountId").asText()).isEqualTo(news);
        assertThat(shown.path("lines").get(0).path("count").asLong()).isEqualTo(2);
        assertThat(query("/bills/" + billId).json().path("amountDue").asText()).isEqualTo("1");

        Response merchant = awaitVersion("/accounts/" + news + "?minVersion="
                + settlement.json().path("versions").path(news).asLong());
        assertThat(merchant.json().path("balance").asText()).isEqualTo("0");
        JsonNode settlements = query("/settlements?merchantAccountId=" + news).json().path("settlements");
        assertThat(settlements).hasSize(1);
        assertThat(settlements.get(0).path("net").asText()).isEqualTo("0.948");
        assertThat(settlements.get(0).path("fees").asText()).isEqualTo("0.052");
        List<String> kinds = new ArrayList<>();
        query("/accounts/" + news + "/entries?limit=10").json().path("entries")
                .forEach(entry -> kinds.add(entry.path("kind").asText() + ":" + entry.path("direction").asText()));
        assertThat(kinds).containsExactly("SETTLEMENT:DEBIT", "FEE:DEBIT", "PAYMENT:CREDIT", "FEE:DEBIT",
                "PAYMENT:CREDIT");
        Response revenueView = awaitVersion("/accounts/" + revenue + "?minVersion=2");
        assertThat(revenueView.json().path("balance").asText()).isEqualTo("0.052");
    }

    @Test
    void aRandomMixOfEveryOperationKeepsTheInvariantsOnBothSides() throws Exception {
        Random random = new Random(20261121L);
        String funding = id("funding");
        openAccount(funding, "SYSTEM");
        List<String> users = new ArrayList<>();
        List<String> merchants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(id("user"));
            merchants.add(id("merchant"));
            openAccount(users.get(i), "USER");
            openAccount(merchants.get(i), "MERCHANT");
            transfer(id("top-up"), funding, users.get(i), "5");
        }
        List<String> pendingHolds = new ArrayList<>();
        List<String> posted = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int step = 0; step < 300; step++) {
            String user = users.get(random.nextInt(users.size()));
            String merchant = merchants.get(random.nextInt(merchants.size()));
            String amount = "0." + (1 + random.nextInt(999_999));
            int operation = random.nextInt(10);
            Response answer;
            String name;
            if (operation < 3) {
                name = "pay";
                String transferId = id("t");
                answer = transfer(transferId, user, merchant, amount);
                if (answer.status() == 201) {
                    posted.add(transferId);
                }
            } else if (operation < 5) {
                name = "hold";
                String transferId = id("h");
                answer = post(system.ledgerUrl() + "/transfers", transferJson(transferId, user, merchant, amount)
                        .replace("}", ",\"pending\":{\"timeoutSeconds\":" + (1 + random.nextInt(3)) + "}}"));
                if (answer.status() == 201) {
                    pendingHolds.add(transferId);
                }
            } else if (operation < 7 && !pendingHolds.isEmpty()) {
                String transferId = pendingHolds.remove(random.nextInt(pendingHolds.size()));
                boolean postIt = random.nextBoolean();
                name = postIt ? "post" : "void";
                answer = post(system.ledgerUrl() + "/transfers/" + transferId + "/" + name, postIt ? "{}" : "");
                if (postIt && answer.status() == 200) {
                    posted.add(transferId);
                }
            } else if (operation < 9 && !posted.isEmpty()) {
                name = "refund";
                String transferId = posted.get(random.nextInt(posted.size()));
                answer = post(system.ledgerUrl() + "/transfers/" + transferId + "/refunds",
                        "{\"refundId\":\"" + id("r") + "\",\"amount\":\"0.0" + (1 + random.nextInt(9)) + "\"}");
            } else {
                String account = random.nextBoolean() ? user : merchant;
                name = random.nextInt(3) == 0 ? "freeze" : "unfreeze";
                answer = post(system.ledgerUrl() + "/accounts/" + account + "/" + name, "");
            }
            assertThat(answer.status()).as("%s answered %s", name, answer.body()).isLessThan(500);
            outcomes.merge(name + ":" + answer.status(), 1, Integer::sum);
            if (step % 60 == 59) {
                Thread.sleep(1_200);
            }
        }
        // Let every hold still pending expire, then read each account's final version from the ledger.
        Thread.sleep(5_000);
        List<String> all = new ArrayList<>(users);
        all.addAll(merchants);
        all.add(funding);
        long pendingTotal = 0;
        for (String account : all) {
            long version = post(system.ledgerUrl() + "/accounts/" + account + "/unfreeze", "").json()
                    .path("version").asLong();
            Response view = awaitVersion("/accounts/" + account + "?minVersion=" + version);
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().path("version").asLong()).isEqualTo(version);
            if (!account.equals(funding)) {
                assertThat(new BigDecimal(view.json().path("available").asText())).as(account)
                        .isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(new BigDecimal(view.json().path("balance").asText())).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            }
            pendingTotal += new BigDecimal(view.json().path("pending").asText()).signum();
        }
        assertThat(pendingTotal).as("every hold ended").isZero();
        JsonNode trialBalance = query("/analytics/trial-balance").json();
        trialBalance.forEach(row -> assertThat(row.path("sumOfBalances").asText()).isEqualTo("0"));
        assertThat(outcomes.keySet()).as("the mix reached every operation: " + outcomes)
                .anyMatch(key -> key.startsWith("refund:201")).anyMatch(key -> key.startsWith("post:200"))
                .anyMatch(key -> key.startsWith("void:200")).anyMatch(key -> key.startsWith("freeze:200"));
        // The same history as statements and spending: this month's statement closes at the
        // account's balance with flows that explain it, and the spending's days add up to it.
        for (String account : all) {
            String balance = query("/accounts/" + account).json().path("balance").asText();
            JsonNode statement = query("/accounts/" + account + "/statements").json();
            assertThat(statement.path("closingBalance").asText()).as(account).isEqualTo(balance);
            assertThat(decimal(statement, "openingBalance").subtract(decimal(statement, "payments"))
                    .add(decimal(statement, "refunds")).add(decimal(statement, "topUps"))
                    .subtract(decimal(statement, "refundsPaid"))).as(statement.toString())
                    .isEqualByComparingTo(balance);
            JsonNode spending = query("/accounts/" + account + "/spending").json();
            BigDecimal days = BigDecimal.ZERO;
            for (JsonNode day : spending.path("daily")) {
                days = days.add(decimal(day, "spent"));
            }
            assertThat(days).as(spending.toString()).isEqualByComparingTo(spending.path("spent").asText());
        }
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asText());
    }

    @Test
    void theRebuildCommandMovesTheRunningQueryServiceToRebuiltTablesThatShowTheSame() throws Exception {
        String funding = id("funding");
        String carol = id("carol");
        String shop = id("shop");
        String revenue = id("fees");
        String payouts = id("payouts");
        String dave = id("dave");
        openAccount(funding, "SYSTEM");
        openAccount(revenue, "SYSTEM");
        openAccount(payouts, "SYSTEM");
        openAccount(carol, "USER");
        openAccount(shop, "MERCHANT");
        assertThat(send(HttpRequest.newBuilder(URI.create(system.ledgerUrl() + "/accounts/" + dave))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":\"5\"}")))
                .status()).isEqualTo(201);
        assertThat(send(HttpRequest.newBuilder(URI.create(system.ledgerUrl() + "/accounts/" + shop + "/fees"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rate\":\"0.1\",\"revenueAccountId\":\"" + revenue
                        + "\"}"))).status()).isEqualTo(200);
        transfer(id("top-up"), funding, carol, "5");
        long carolVersion = 0;
        for (int i = 0; i < 10; i++) {
            carolVersion = transfer(id("buy"), carol, shop, "0.01").json().path("versions").path(carol).asLong();
        }
        // A bill, its payment and a settlement: the rebuilt tables must show them as they were.
        transfer(id("buy"), dave, shop, "1");
        String billId = post(system.ledgerUrl() + "/accounts/" + dave + "/bills", "").json().path("billId").asText();
        long daveVersion = post(system.ledgerUrl() + "/bills/" + billId + "/payments", "{\"paymentId\":\"" + id("p")
                + "\",\"debitAccountId\":\"" + funding + "\"}").json().path("versions").path(dave).asLong();
        long shopVersion = post(system.ledgerUrl() + "/settlements", "{\"merchantAccountId\":\"" + shop
                + "\",\"payoutAccountId\":\"" + payouts + "\"}").json().path("versions").path(shop).asLong();
        Response before = awaitVersion("/accounts/" + carol + "?minVersion=" + carolVersion);
        JsonNode billsBefore = awaitVersion("/accounts/" + dave + "/bills?minVersion=" + daveVersion).json();
        JsonNode shopBefore = awaitVersion("/accounts/" + shop + "?minVersion=" + shopVersion).json();
        JsonNode settlementsBefore = query("/settlements?merchantAccountId=" + shop).json();
        JsonNode shopEntriesBefore = query("/accounts/" + shop + "/entries?limit=50").json();
        assertThat(billsBefore.path("bills").get(0).path("status").asText()).isEqualTo("PAID");
        assertThat(settlementsBefore.path("settlements")).hasSize(1);
        JsonNode entriesBefore = query("/accounts/" + carol + "/entries?limit=50").json();
        JsonNode trialBalanceBefore = query("/analytics/trial-balance").json();
        long liveBefore = query("/admin/projections/rebuild").json().path("liveGeneration").asLong();
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();

        int exit = new RebuildCommand(new java.io.PrintStream(output, true, java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofMillis(200)).rebuild(RebuildCommand.Options.parse("--query-url", system.queryUrl(),
                        "--data-dir", system.settings().dataDirectory().toString()));

        String printed = output.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(RebuildCommand.EXIT_DONE);
        assertThat(printed).contains("Generation " + (liveBefore + 1) + " is live.").contains("records");
        assertThat(query("/accounts/" + carol).json()).isEqualTo(before.json());
        assertThat(query("/accounts/" + carol + "/entries?limit=50").json()).isEqualTo(entriesBefore);
        assertThat(query("/analytics/trial-balance").json()).isEqualTo(trialBalanceBefore);
        assertThat(query("/accounts/" + dave + "/bills").json()).isEqualTo(billsBefore);
        assertThat(query("/accounts/" + shop).json()).isEqualTo(shopBefore);
        assertThat(query("/settlements?merchantAccountId=" + shop).json()).isEqualTo(settlementsBefore);
        assertThat(query("/accounts/" + shop + "/entries?limit=50").json()).isEqualTo(shopEntriesBefore);
        long after = transfer(id("after"), carol, shop, "0.01").json().path("versions").path(carol).asLong();
        assertThat(awaitVersion("/accounts/" + carol + "?minVersion=" + after).json().path("balance").asText())
                .isEqualTo("4.89");
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExportedByTheServices() throws Exception {
        // Tagged counters appear once they count something: a payment, a decline, a projected event.
        String funding = id("funding");
        String payer = id("payer");
        String shop = id("shop");
        openAccount(funding, "SYSTEM");
        openAccount(payer, "USER");
        openAccount(shop, "MERCHANT");
        long version = transfer(id("top-up"), funding, payer, "1").json().path("versions").path(payer).asLong();
        assertThat(transfer(id("t"), payer, shop, "2").json().path("code").asText()).isEqualTo("insufficient_funds");
        assertThat(awaitVersion("/accounts/" + payer + "?minVersion=" + (version + 1)).status()).isEqualTo(200);

        Set<String> exported = new HashSet<>();
        for (String service : List.of(system.ledgerUrl(), system.queryUrl())) {
            Response metrics = send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus")).GET());
            assertThat(metrics.status()).isEqualTo(200);
            metrics.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
        }
        Set<String> queried = GrafanaQueries.metricNames(Path.of("..", "deploy", "grafana", "dashboards"));

        assertThat(queried).as("the dashboard queries metrics of both services")
                .anyMatch(name -> name.startsWith("ledger_")).anyMatch(name -> name.startsWith("query_"));
        assertThat(exported).containsAll(queried);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response openAccount(String accountId, String kind) {
        return send(HttpRequest.newBuilder(URI.create(system.ledgerUrl() + "/accounts/" + accountId))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\",\"kind\":\"" + kind + "\"}")));
    }

    private static Response transfer(String transferId, String debit, String credit, String amount) {
        return post(system.ledgerUrl() + "/transfers", transferJson(transferId, debit, credit, amount));
    }

    private static String transferJson(String transferId, String debit, String credit, String amount) {
        return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debit + "\",\"creditAccountId\":\""
                + credit + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\",\"category\":\"test\"}";
    }

    private static Response post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A read at a version: query-service holds it up to about 2 s, then answers 503
     * projection_behind, which a client retries. On a busy machine the projection may be further
     * behind than that, so this retries for up to 60 s.
     */
    private static Response awaitVersion(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Response response = query(path);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = query(path);
        }
        return response;
    }

    private static Response query(String path) {
        return send(HttpRequest.newBuilder(URI.create(system.queryUrl() + path)).GET());
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }
}
