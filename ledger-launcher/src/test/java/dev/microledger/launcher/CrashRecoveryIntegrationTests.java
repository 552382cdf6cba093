package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Kills ledger-service, or every process of the system at once (PostgreSQL, the broker and both
 * services), with SIGKILL in the middle of a load of transfers, starts the system again on the same
 * data and checks that nothing acknowledged was lost and nothing was applied twice:
 * every transfer answered 201 before the kill answers a retry with its original body, and the
 * projection rebuilt from what the outbox published balances to exactly zero.
 */
class CrashRecoveryIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key of the system now running, with every role but admin. */
    private static volatile String key;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int USERS = 6;
    private static final int HOLD_TIMEOUT_SECONDS = 8;

    @TempDir
    Path directory;

    @org.junit.jupiter.api.BeforeEach
    void openDirectory() {
        TestDirectories.enterableByOthers(directory);
    }

    /** What the test kills with SIGKILL under load. */
    enum Victims {
        LEDGER_SERVICE,
        EVERY_PROCESS
    }

    @ParameterizedTest
    @EnumSource(Victims.class)
    void aKillLosesNoAcknowledgedTransferAndAppliesNoneTwice(Victims victims) throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> accounts = new ArrayList<>();
        EmbeddedSystem.Settings used;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            key = system.keptKey("test.key", "crash test", "payments", "treasury", "accounts", "support", "analyst", "operator");
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
            List<Long> pids = victims == Victims.LEDGER_SERVICE ? List.of(system.ledgerPid())
                    : List.of(system.postgresPid(), system.brokerPid(), system.ledgerPid(), system.queryPid());
            for (long pid : pids) {
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            }
            Thread.sleep(1_000);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged.size()).as("transfers acknowledged before the kill").isGreaterThan(USERS + 10);

        try (EmbeddedSystem system = EmbeddedSystem.start(used)) {
            key = system.keptKey("test.key", "crash test", "payments", "treasury", "accounts", "support", "analyst", "operator");
            for (Map.Entry<String, String> transfer : acknowledged.entrySet()) {
                Response retry = send(system.ledgerUrl(), "POST", "/transfers", transfer.getKey());
                assertThat(retry.status()).as("retry of an acknowledged transfer").isEqualTo(200);
                assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree(transfer.getValue()));
            }
            BigDecimal sum = BigDecimal.ZERO;
            // The highest version each account reached in an acknowledged transfer: the projection must reach it.
            Map<String, Long> acknowledgedVersions = new java.util.HashMap<>();
            for (String body : acknowledged.values()) {
                JSON.readTree(body).path("versions").fields().forEachRemaining(
                        entry -> acknowledgedVersions.merge(entry.getKey(), entry.getValue().asLong(), Math::max));
            }
            for (String account : accounts) {
                long version = acknowledgedVersions.getOrDefault(account, 0L);
                Response view = awaitView(system, account, version);
                assertThat(view.status()).as("query-service's %s at acknowledged version %d: %s", account, version, view.body())
                        .isEqualTo(200);
                sum = sum.add(new BigDecimal(JSON.readTree(view.body()).path("balance").asText()));
            }
            assertThat(sum).isEqualByComparingTo(BigDecimal.ZERO);
        }
    }

    @Test
    void aHoldThatFallsDueWhileTheLedgerIsDownExpiresWhenItComesBack() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("holds")).withPorts(0, 0, 0, 0, 0);
        EmbeddedSystem.Settings used;
        Instant expiresAt;
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            key = system.keptKey("test.key", "crash test", "payments", "treasury", "accounts", "support", "analyst", "operator");
            used = system.settings();
            String ledger = system.ledgerUrl();
            send(ledger, "PUT", "/accounts/funding", "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}");
            send(ledger, "PUT", "/accounts/reader", "{\"currency\":\"USD\",\"kind\":\"USER\"}");
            send(ledger, "PUT", "/accounts/news", "{\"currency\":\"USD\",\"kind\":\"MERCHANT\"}");
            assertThat(send(ledger, "POST", "/transfers", transferJson("top-up", "funding", "reader", "1")).status())
                    .isEqualTo(201);
            String hold = transferJson("hold", "reader", "news", "0.25")
                    .replace("}", ",\"pending\":{\"timeoutSeconds\":" + HOLD_TIMEOUT_SECONDS + "}}");
            Response placed = send(ledger, "POST", "/transfers", hold);
            assertThat(placed.status()).isEqualTo(201);
            assertThat(JSON.readTree(placed.body()).path("status").asText()).isEqualTo("PENDING");
            expiresAt = Instant.parse(JSON.readTree(placed.body()).path("expiresAt").asText());
            ProcessHandle ledgerProcess = ProcessHandle.of(system.ledgerPid()).orElseThrow();
            ledgerProcess.destroyForcibly();
            ledgerProcess.onExit().get(30, TimeUnit.SECONDS);
            // The kill must land before the hold falls due, or this test would prove nothing.
            assertThat(Instant.now()).as("ledger killed before the hold fell due").isBefore(expiresAt);
        }
        long untilDue = Duration.between(Instant.now(), expiresAt).toMillis();
        if (untilDue > 0) {
            Thread.sleep(untilDue + 500);
        }

        try (EmbeddedSystem system = EmbeddedSystem.start(used)) {
            key = system.keptKey("test.key", "crash test", "payments", "treasury", "accounts", "support", "analyst", "operator");
            // Opened, topped up, held, released: the view must have applied the release, not merely show
            // nothing held (as it did before the top-up reached it, had query-service not projected it yet).
            JsonNode reader = awaitPendingZero(system, "reader", 3);
            assertThat(reader.path("balance").asText()).isEqualTo("1");
            assertThat(reader.path("available").asText()).isEqualTo("1");
            JsonNode entries = JSON.readTree(send(system.queryUrl(), "GET", "/accounts/reader/entries", null).body());
            assertThat(entries.path("entries").get(0).path("transferId").asText()).isEqualTo("hold");
            assertThat(entries.path("entries").get(0).path("status").asText()).isEqualTo("EXPIRED");
            Response latePost = send(system.ledgerUrl(), "POST", "/transfers/hold/post", "{}");
            assertThat(latePost.status()).isEqualTo(422);
            assertThat(JSON.readTree(latePost.body()).path("code").asText()).isEqualTo("transfer_not_pending");
            assertThat(JSON.readTree(latePost.body()).path("status").asText()).isEqualTo("EXPIRED");
        }
    }

    /** Waits until query-service shows the account at {@code minVersion} or later with nothing held, and returns that view. */
    private static JsonNode awaitPendingZero(EmbeddedSystem system, String account, long minVersion) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            Response response = send(system.queryUrl(), "GET", "/accounts/" + account, null);
            view = response.status() == 200 ? JSON.readTree(response.body()) : null;
            if (view != null && view.path("version").asLong() >= minVersion && "0".equals(view.path("pending").asText())) {
                return view;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("account " + account + " still holds funds after 60 s: " + view);
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

    /** Waits up to 60 s until query-service shows the account at the version (the outbox re-sends after the restart). */
    private static Response awaitView(EmbeddedSystem system, String account, long version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Response view = send(system.queryUrl(), "GET", "/accounts/" + account + "?minVersion=" + version, null);
        while (view.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            view = send(system.queryUrl(), "GET", "/accounts/" + account + "?minVersion=" + version, null);
        }
        return view;
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
                    .header("Authorization", "Bearer " + key)
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
