package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One crash is one crash: a service killed with SIGKILL is started again by the launcher's
 * supervision, while the rest of the system goes on. With query-service down, payments are
 * accepted at once and the projection catches up once it is back; with ledger-service down,
 * payments are accepted again as soon as it is back; with the broker down, payments are accepted at
 * once and reach the projection once it is back; with PostgreSQL down, payments are accepted again
 * once it is back, on the same data. The times are printed for the report.
 */
class SupervisionIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path directory;

    @org.junit.jupiter.api.BeforeEach
    void openDirectory() {
        TestDirectories.enterableByOthers(directory);
    }

    @Test
    void aKilledServiceIsStartedAgainAndTheRestGoesOn() throws Exception {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0);
        try (EmbeddedSystem system = EmbeddedSystem.start(settings)) {
            Thread supervisor = new Thread(() -> {
                try {
                    system.supervise();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-supervisor");
            supervisor.setDaemon(true);
            supervisor.start();
            String key = system.keptKey("supervision.key", "supervision test", "payments", "treasury", "accounts", "support");
            assertThat(send(system.ledgerUrl(), key, "PUT", "/accounts/funding", "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}"))
                    .isEqualTo(201);
            assertThat(send(system.ledgerUrl(), key, "PUT", "/accounts/alice", "{\"currency\":\"USD\",\"kind\":\"USER\"}"))
                    .isEqualTo(201);
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-1"))).isEqualTo(201);
            awaitVersion(system, key, 1);

            // query-service dies: the command side does not notice.
            long queryPid = system.queryPid();
            long killed = System.nanoTime();
            assertThat(ProcessHandle.of(queryPid).orElseThrow().destroyForcibly()).isTrue();
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-2"))).isEqualTo(201);
            long paymentAfterQueryKill = millisSince(killed);
            awaitVersion(system, key, 2);
            long projectionAfterQueryKill = millisSince(killed);
            assertThat(system.queryPid()).isNotEqualTo(queryPid);
            assertThat(ProcessHandle.of(queryPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            // ledger-service dies: it is back on its own, with everything it had acknowledged.
            long ledgerPid = system.ledgerPid();
            killed = System.nanoTime();
            assertThat(ProcessHandle.of(ledgerPid).orElseThrow().destroyForcibly()).isTrue();
            awaitAccepted(system, key, transfer("t-3"));
            long paymentAfterLedgerKill = millisSince(killed);
            awaitVersion(system, key, 3);
            long projectionAfterLedgerKill = millisSince(killed);
            assertThat(system.ledgerPid()).isNotEqualTo(ledgerPid);
            // A retry of a payment acknowledged before the kill answers as before: 200, not a second payment.
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-1"))).isEqualTo(200);

            // The broker dies: payments go on, the outbox holds their events, and they reach the projection once it is back.
            long brokerPid = system.brokerPid();
            killed = System.nanoTime();
            assertThat(ProcessHandle.of(brokerPid).orElseThrow().destroyForcibly()).isTrue();
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-4"))).isEqualTo(201);
            long paymentAfterBrokerKill = millisSince(killed);
            awaitVersion(system, key, 4);
            long projectionAfterBrokerKill = millisSince(killed);
            // The launcher records the new broker once it has set its logins up; clients may reach it a moment before.
            assertThat(awaitChange(system::brokerPid, brokerPid)).isNotEqualTo(brokerPid);

            // PostgreSQL dies (its main process; the backends follow): it is started again on the same data, the
            // services reconnect, and everything committed before is still there.
            long postgresPid = system.postgresPid();
            long ledgerPidBefore = system.ledgerPid();
            killed = System.nanoTime();
            assertThat(ProcessHandle.of(postgresPid).orElseThrow().destroyForcibly()).isTrue();
            List<Integer> answeredMeanwhile = awaitAccepted(system, key, transfer("t-5"));
            long paymentAfterPostgresKill = millisSince(killed);
            // Without its database the ledger says "try again" (503), never that it failed (500).
            assertThat(answeredMeanwhile).as("answers while PostgreSQL was down").doesNotContain(500)
                    .last().isIn(200, 201);
            awaitVersion(system, key, 5);
            long projectionAfterPostgresKill = millisSince(killed);
            assertThat(awaitChange(system::postgresPid, postgresPid)).isNotEqualTo(postgresPid);
            assertThat(system.ledgerPid()).as("ledger-service rode it out").isEqualTo(ledgerPidBefore);
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-4"))).isEqualTo(200);
            assertThat(send(system.ledgerUrl(), key, "POST", "/transfers", transfer("t-5"))).isEqualTo(200);

            System.out.printf("Recovery after SIGKILL: query-service: first payment accepted %d ms, projection caught up "
                            + "%d ms; ledger-service: first payment accepted %d ms, projection caught up %d ms; broker: first "
                            + "payment accepted %d ms, projection caught up %d ms; PostgreSQL: first payment accepted %d ms, "
                            + "projection caught up %d ms%n",
                    paymentAfterQueryKill, projectionAfterQueryKill, paymentAfterLedgerKill, projectionAfterLedgerKill,
                    paymentAfterBrokerKill, projectionAfterBrokerKill, paymentAfterPostgresKill, projectionAfterPostgresKill);
        }
    }

    private static String transfer(String transferId) {
        return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"funding\",\"creditAccountId\":\"alice\","
                + "\"amount\":\"1\",\"currency\":\"USD\"}";
    }

    /** The value once it differs from {@code before}, or {@code before} after 30 s. */
    private static long awaitChange(LongSupplier value, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long now = value.getAsLong();
        while (now == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = value.getAsLong();
        }
        return now;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void awaitVersion(EmbeddedSystem system, String key, long version) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sendQuietly(system.queryUrl(), key, "GET", "/accounts/alice?minVersion=" + version, null) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("query-service did not show alice at version " + version + " within " + TIMEOUT);
    }

    /** Sends the payment until it is accepted; returns every status answered on the way (-1: no answer). */
    private List<Integer> awaitAccepted(EmbeddedSystem system, String key, String body) throws Exception {
        List<Integer> answered = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int status = sendQuietly(system.ledgerUrl(), key, "POST", "/transfers", body);
            answered.add(status);
            if (status == 201 || status == 200) {
                return answered;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ledger-service did not accept a payment again within " + TIMEOUT);
    }

    private int sendQuietly(String baseUrl, String key, String method, String path, String body) throws Exception {
        try {
            return send(baseUrl, key, method, path, body);
        } catch (java.io.IOException notListening) {
            return -1;
        }
    }

    private int send(String baseUrl, String key, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
