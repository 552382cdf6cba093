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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

    @BeforeAll
    static void startSystem() throws IOException {
        directory = Files.createTempDirectory("micro-ledger-e2e");
        system = EmbeddedSystem.start(EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0));
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
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
        Response aliceView = query("/accounts/" + alice + "?minVersion=" + aliceVersion);
        Response newsView = query("/accounts/" + news + "?minVersion=" + newsVersion);
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
            Response view = query("/accounts/" + account + "?minVersion=" + lastVersion.getOrDefault(account, 0L));
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
    void aRejectedTransferChangesNothingOnTheQuerySide() throws Exception {
        String funding = id("funding");
        String bob = id("bob");
        String shop = id("shop");
        openAccount(funding, "SYSTEM");
        openAccount(bob, "USER");
        openAccount(shop, "MERCHANT");
        Response topUp = transfer(id("top-up"), funding, bob, "1");

        Response refused = transfer(id("t"), bob, shop, "1.000001");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("code").asText()).isEqualTo("insufficient_funds");
        long bobVersion = topUp.json().path("versions").path(bob).asLong();
        Response bobView = query("/accounts/" + bob + "?minVersion=" + bobVersion);
        assertThat(bobView.json().path("balance").asText()).isEqualTo("1");
        assertThat(bobView.json().path("version").asLong()).isEqualTo(bobVersion);
        assertThat(query("/accounts/" + bob + "?minVersion=" + (bobVersion + 1)).status()).isEqualTo(503);
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

    private static Response query(String path) {
        return send(HttpRequest.newBuilder(URI.create(system.queryUrl() + path)).GET());
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Content-Type", "application/json")
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
