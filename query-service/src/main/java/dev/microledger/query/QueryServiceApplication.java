package dev.microledger.query;

import dev.microledger.events.EventChain;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The query side of the micro-ledger: consumes the ledger's events from Kafka, projects them
 * into its own database and answers queries from there.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }

    /**
     * The key of the event chain (docs/events/integrity.md): {@code query.events.chain-key}, the
     * same base64 secret the ledger-service links its events with.
     */
    @Bean
    EventChain eventChain(@Value("${query.events.chain-key:}") String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("query.events.chain-key (environment MICRO_LEDGER_EVENT_KEY) is not set: it is "
                    + "the ledger's event chain key, without which no event can be verified; give the same base64 "
                    + "secret as to ledger-service (./micro-ledger keeps it in DATA/credentials/event-chain.key)");
        }
        try {
            return EventChain.ofBase64(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("query.events.chain-key: " + e.getMessage(), e);
        }
    }

    /** One clock for lag measurement and waiting, so that both read time the same way. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
