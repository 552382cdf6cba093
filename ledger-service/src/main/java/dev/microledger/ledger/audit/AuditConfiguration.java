package dev.microledger.ledger.audit;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every event records who caused it. A command sent while a request is served gets the caller's
 * actor and request id in its metadata, and Axon copies both onto the events the command applies.
 * The group committer's commands carry transfers of many callers: each of their events gets its
 * caller from its transfer instead ({@code Posting}). {@link CallerDispatchInterceptor} puts the
 * caller on the commands.
 */
@Configuration
class AuditConfiguration {

    @Bean
    CorrelationDataProvider callerCorrelation() {
        return new SimpleCorrelationDataProvider(CallerMetaData.ACTOR, CallerMetaData.REQUEST_ID);
    }

    /** Axon's own provider (correlation and trace ids) would otherwise give way to the one above. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
