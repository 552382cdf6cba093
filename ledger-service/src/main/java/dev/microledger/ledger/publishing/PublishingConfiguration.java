package dev.microledger.ledger.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class PublishingConfiguration {

    /** The publisher's event source: {@code axon.eventhandling.processors.kafka-publisher.source} names it. */
    @Bean
    PromptEventSource publisherEventSource(EventStore eventStore, PublishingProperties properties) {
        return new PromptEventSource(eventStore, properties.pollIntervalMillis(),
                properties.busyPollIntervalMillis());
    }

    /**
     * By default Axon logs an event handler's exception and moves on, which for the publisher
     * would mean an event silently never reaching Kafka. Propagating it instead rolls the batch
     * back; the processor keeps its token and retries the batch with back-off.
     */
    @Bean
    ConfigurerModule publisherErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(KafkaEventPublisher.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
