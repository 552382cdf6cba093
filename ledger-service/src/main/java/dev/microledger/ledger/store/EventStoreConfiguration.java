package dev.microledger.ledger.store;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
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
}
