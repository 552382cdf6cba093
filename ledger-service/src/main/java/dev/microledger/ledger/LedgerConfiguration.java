package dev.microledger.ledger;

import dev.microledger.ledger.clock.DemoClockConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneOffset;

@Configuration
class LedgerConfiguration {

    /**
     * Times are kept to the millisecond: every database the ledger runs on stores that exactly,
     * so a retried request is answered with the very timestamp it got the first time. With the demo
     * clock on, {@link DemoClockConfiguration} supplies the clock instead.
     */
    @Bean
    @ConditionalOnProperty(name = DemoClockConfiguration.ENABLED_PROPERTY, havingValue = "false", matchIfMissing = true)
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}
