package dev.microledger.ledger.store;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.ledger.LedgerServiceApplication;
import dev.microledger.ledger.TestKeys;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ledger-service refuses to start when the publisher could give up on a transaction that may still
 * commit: a gap timeout too short for the transaction timeout, or database connections on which
 * the server does not end transactions at that timeout.
 */
class TransactionTimeoutStartIntegrationTests {

    @Test
    void aGapTimeoutShorterThanTwiceTheTransactionTimeoutIsRefusedAtStart() {
        assertThatThrownBy(() -> start("--ledger.event-store.transaction-timeout-seconds=60",
                "--ledger.event-store.gap-timeout-seconds=60"))
                .hasStackTraceContaining("ledger.event-store.gap-timeout-seconds must be at least twice");
    }

    @Test
    void connectionsWithoutTheTransactionTimeoutAreRefusedAtStart() {
        assertThatThrownBy(() -> start("--spring.datasource.hikari.connection-init-sql=SELECT 1"))
                .hasStackTraceContaining("the database connections have transaction_timeout = 0 ms, not "
                        + "ledger.event-store.transaction-timeout-seconds = 60 s");
    }

    private static void start(String... arguments) {
        PostgresDatabase database = SharedTestPostgres.freshDatabase("ledger_refused_start");
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ledger.kafka.bootstrap-servers=" + SharedTestBroker.get().bootstrapServers(),
                "--ledger.kafka.username=" + SharedTestBroker.ledgerServiceLogin().username(),
                "--ledger.kafka.password=" + SharedTestBroker.ledgerServiceLogin().password(),
                "--ledger.kafka.topic=ledger.events.refused-" + UUID.randomUUID(),
                TestKeys.adminKeyArgument(), TestKeys.eventChainKeyArgument()));
        all.addAll(List.of(arguments));
        // A service that starts after all is closed again, and the assertion reports it.
        new SpringApplicationBuilder(LedgerServiceApplication.class).run(all.toArray(String[]::new)).close();
    }
}
