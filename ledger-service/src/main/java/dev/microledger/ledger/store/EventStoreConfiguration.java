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

import java.util.Map;

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
     * names), with the faster time reading.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          ChainLinks chainLinks) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema());
        return new LedgerEventStorageEngine(builder, chainLinks);
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
