package dev.microledger.ledger.store;

import com.fasterxml.jackson.databind.Module;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
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
     * Axon's JDBC event store as Axon's auto-configuration builds it (default table and column
     * names), with the faster time reading.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema());
        return new LedgerEventStorageEngine(builder);
    }
}
