package dev.microledger.query;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
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
@OpenAPIDefinition(info = @Info(title = "micro-ledger query-service",
        description = "Projections of the ledger's events: balances, entries and analytics (see API.md)"))
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }

    /** One clock for lag measurement and waiting, so that both read time the same way. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
