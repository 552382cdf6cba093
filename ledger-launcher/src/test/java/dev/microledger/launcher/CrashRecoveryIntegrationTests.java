package dev.microledger.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills ledger-service with SIGKILL in the middle of a load of transfers, starts the system again
 * on the same data and checks that nothing acknowledged was lost and nothing was applied twice:
 * every transfer answered 201 before the kill answers a retry with its original body, and the
 * projection rebuilt from what the outbox published balances to exactly zero.
 */
class CrashRecoveryIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int USERS = 6;

    @TempDir
    Path directory;

    @Test
    void aKilledLedgerLosesNoAcknowledgedTransferAndAppliesNoneTwice() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> accounts = new ArrayList<>();
        EmbeddedSystem.Settings used;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            used = system.settings();
            String ledger = system.ledgerUrl();
            send(ledger, "PUT", "/accounts/funding", "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}");
            accounts.add("funding");
            for (int i = 0; i < USERS; i++) {
                String user = "user-" + i;
                accounts.add(user);
                send(ledger, "PUT", "/accounts/" + user, "{\"currency\":\"USD\",\"kind\":\"USER\"}");
                String topUp = transferJson("top-up-" + i, "funding", user, "100");
                acknowledged.put(topUp, send(ledger, "POST", "/transfers", topUp).body());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int client = 0; client < 8; client++) {
                int seed = client;
                clients.submit(() -> pay(ledger, seed, running, acknowledged));
            }
            Thread.sleep(3_000);
            ProcessHandle.of(system.ledgerPid()).orElseThrow().destroyForcibly();
            Thread.sleep(1_000);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged.size()).as("transfers acknowledged before the kill").isGreaterThan(USERS + 10);

        try (EmbeddedSystem system = EmbeddedSystem.start(used)) {
            for (Map.Entry<String, String> transfer : acknowledged.entrySet()) {
                Response retry = send(system.ledgerUrl(), "POST", "/transfers", transfer.getKey());
                assertThat(retry.status()).as("retry of an acknowledged transfer").isEqualTo(200);
                assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree(transfer.getValue()));
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (String account : accounts) {
                long version = awaitVersionStable(system, account);
                Response view = send(system.queryUrl(), "GET", "/accounts/" + account + "?minVersion=" + version, null);
                assertThat(view.status()).isEqualTo(200);
                sum = sum.add(new BigDecimal(JSON.readTree(view.body()).path("balance").asText()));
            }
            assertThat(sum).isEqualByComparingTo(BigDecimal.ZERO);
        }
    }

    private static void pay(String ledger, int seed, AtomicBoolean running, Map<String, String> acknowledged) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; running.get() && i < 100_000; i++) {
            int from = random.nextInt(USERS);
            int to = (from + 1 + random.nextInt(USERS - 1)) % USERS;
            String body = transferJson("t-" + seed + "-" + i, "user-" + from, "user-" + to, "0.0" + (1 + random.nextInt(9)));
            try {
                Response response = send(ledger, "POST", "/transfers", body);
                if (response.status() == 201) {
                    acknowledged.put(body, response.body());
                }
            } catch (IllegalStateException connectionLost) {
                // The ledger is gone; whatever was not answered 201 may or may not have committed.
            }
        }
    }

    /** Waits until query-service's version of the account stops moving (the outbox re-sends after the restart). */
    private static long awaitVersionStable(EmbeddedSystem system, String account) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        int unchanged = 0;
        while (System.nanoTime() < deadline && unchanged < 3) {
            Response view = send(system.queryUrl(), "GET", "/accounts/" + account, null);
            long version = view.status() == 200 ? JSON.readTree(view.body()).path("version").asLong() : -1;
            unchanged = version == last ? unchanged + 1 : 0;
            last = version;
            Thread.sleep(500);
        }
        return last;
    }

    private static String transferJson(String transferId, String debit, String credit, String amount) {
        return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debit + "\",\"creditAccountId\":\""
                + credit + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
    }

    private static Response send(String baseUrl, String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .method(method, publisher).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, String body) {
    }
}
