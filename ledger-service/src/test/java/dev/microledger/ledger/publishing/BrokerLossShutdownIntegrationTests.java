package dev.microledger.ledger.publishing;

import dev.microledger.broker.KafkaBroker;
import dev.microledger.broker.KafkaBrokerSettings;
import dev.microledger.ledger.LedgerServiceApplication;
import dev.microledger.ledger.TestKeys;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger-service whose broker has gone away still stops promptly: the publisher's batch that
 * waits for Kafka's acknowledgement must not hold the shutdown for the whole acknowledgement
 * timeout. The events it did not get acknowledged stay unpublished in the event store and go out
 * after the next start.
 *
 * <p>This test needs a broker of its own to stop, so it starts one instead of using the shared
 * one, and a new database of its own on the test JVM's PostgreSQL server, so that the events it
 * leaves unpublished reach no other test.
 */
class BrokerLossShutdownIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    private KafkaBroker broker;
    private ConfigurableApplicationContext service;

    @AfterEach
    void stopEverything() {
        if (service != null && service.isActive()) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void stopsWithinTheShutdownTimeoutWhenTheBrokerIsGoneMidBatch() throws Exception {
        broker = KafkaBroker.start(KafkaBrokerSettings.defaults(directory.resolve("kafka")).withPorts(0, 0)
                .withStartTimeoutSeconds(120));
        broker.ensureLedgerLogins("ledger-service-password", "query-service-password");
        PostgresDatabase database = SharedTestPostgres.freshDatabase("ledger_broker_loss");
        // As command-line arguments: they take precedence over application.yml, as an operator's would.
        service = new SpringApplicationBuilder(LedgerServiceApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ledger.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--ledger.kafka.password=ledger-service-password",
                "--ledger.kafka.topic=ledger.events.shutdown-" + UUID.randomUUID(),
                "--ledger.kafka.ack-timeout-seconds=60",
                TestKeys.adminKeyArgument(), TestKeys.eventChainKeyArgument());
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        String payer = "shutdown-payer-" + UUID.randomUUID();
        String payee = "shutdown-payee-" + UUID.randomUUID();
        assertThat(put(port, "/accounts/" + payer, "{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":\"100\"}"))
                .isEqualTo(201);
        assertThat(put(port, "/accounts/" + payee, "{\"currency\":\"USD\",\"kind\":\"MERCHANT\"}")).isEqualTo(201);

        broker.close();
        // Accepted by the ledger while no broker is there: the publisher's batch for it now waits for an
        // acknowledgement that cannot come.
        assertThat(post(port, "/transfers", "{\"transferId\":\"" + UUID.randomUUID() + "\",\"debitAccountId\":\""
                + payer + "\",\"creditAccountId\":\"" + payee + "\",\"amount\":\"1.25\",\"currency\":\"USD\"}"))
                .isEqualTo(201);
        Thread.sleep(1_000);

        long start = System.nanoTime();
        service.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(service.isActive()).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    private static int put(int port, String path, String body) throws Exception {
        return send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int post(int port, String path, String body) throws Exception {
        return send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int send(int port, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestKeys.allRoles(port)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
