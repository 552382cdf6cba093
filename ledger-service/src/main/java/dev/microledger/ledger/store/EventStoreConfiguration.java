package dev.microledger.ledger.store;

import com.fasterxml.jackson.databind.Module;
import dev.microledger.events.EventChain;
import dev.microledger.ledger.publishing.WireEvents;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

@Configuration
class EventStoreConfiguration {

    /**
     * Axon copies a trace and correlation id into the metadata of every event by default. The
     * ledger's events carry their own identity (account, sequence, transfer id), nothing reads
     * those ids, and they would add about a hundred bytes to every stored event; so events are
     * stored without them.
     */
    @Bean
    CorrelationDataProvider noCorrelationData() {
        return message -> Map.of();
    }

    /** Spring Boot adds it to the one JSON mapper, which Axon's serializers use too. */
    @Bean
    Module instantJsonModule() {
        return new InstantJsonModule();
    }

    /**
     * The one Axon's JDBC auto-configuration makes, which it leaves out once the event store is
     * not its own: it tells a duplicate key (a conflicting append) from other failures.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    /**
     * Axon's JDBC event store as Axon's auto-configuration builds it (default table and column
     * names), with the faster time reading and gaps given up only once settled. It refuses to start
     * unless the database ends the service's transactions within the configured transaction
     * timeout, on which giving up a gap relies ({@link SettledGaps}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          ChainLinks chainLinks,
                                          EventStoreProperties properties,
                                          JdbcTemplate jdbc) {
        requireTransactionTimeout(jdbc, properties);
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema());
        SettledGaps settledGaps = new SettledGaps(Duration.ofSeconds(properties.gapTimeoutSeconds()), System::nanoTime);
        return new LedgerEventStorageEngine(builder, chainLinks, settledGaps);
    }

    /**
     * Fails unless a connection of the pool has PostgreSQL's {@code transaction_timeout} set to
     * {@code ledger.event-store.transaction-timeout-seconds}: application.yml sets it on every new
     * connection ({@code spring.datasource.hikari.connection-init-sql}), and a server before
     * PostgreSQL 17, which has no such setting, refuses that connection already.
     */
    private static void requireTransactionTimeout(JdbcTemplate jdbc, EventStoreProperties properties) {
        long expectedMillis = TimeUnit.SECONDS.toMillis(properties.transactionTimeoutSeconds());
        List<Long> settings = jdbc.queryForList(
                "SELECT setting::bigint FROM pg_settings WHERE name = 'transaction_timeout'", Long.class);
        if (settings.isEmpty()) {
            throw new IllegalStateException("the database has no transaction_timeout setting: ledger-service needs "
                    + "PostgreSQL 17 or later, which ends a transaction that runs too long");
        }
        long actualMillis = settings.get(0);
        if (actualMillis != expectedMillis) {
            throw new IllegalStateException("the database connections have transaction_timeout = " + actualMillis
                    + " ms, not ledger.event-store.transaction-timeout-seconds = "
                    + properties.transactionTimeoutSeconds() + " s; spring.datasource.hikari.connection-init-sql "
                    + "must set it (application.yml does), or the publisher could give up on events that commit late");
        }
    }

    /**
     * The key of the event chain: {@code ledger.events.chain-key}, base64 of 32 to 64 random bytes,
     * which query-service holds too. The launcher makes one per data directory.
     */
    @Bean
    EventChain eventChain(@Value("${ledger.events.chain-key:}") String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("ledger.events.chain-key (environment MICRO_LEDGER_EVENT_KEY) is not set: "
                    + "it is the secret that makes the ledger's events tamper-evident; give it base64 of 32 random "
                    + "bytes, the same to ledger-service and query-service (./micro-ledger makes one per data directory)");
        }
        try {
            return EventChain.ofBase64(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ledger.events.chain-key: " + e.getMessage(), e);
        }
    }

    /** The links of the accounts used most recently are kept: as many as the account cache holds. */
    @Bean
    ChainLinks chainLinks(EventChain eventChain, WireEvents wireEvents,
                          @Value("${ledger.accounts.cache-entries-max}") int accountsMax) {
        return new ChainLinks(eventChain, wireEvents, accountsMax);
    }

    /**
     * Axon's embedded event store as Axon's auto-configuration builds it (same monitor and spans),
     * without its shared read-ahead: see {@link LedgerEventStore}.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return LedgerEventStore.builder(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }
}
