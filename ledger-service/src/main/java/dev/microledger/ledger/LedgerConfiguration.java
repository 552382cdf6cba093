package dev.microledger.ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneOffset;

@Configuration
class LedgerConfiguration {

    /**
     * Times are kept to the millisecond: every database the ledger runs on stores that exactly,
     * so a retried request is answered with the very timestamp it got the first time.
     */
    @Bean
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}
