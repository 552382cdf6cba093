package dev.microledger.ledger.clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * {@code ledger.demo-clock.enabled=true}: the ledger's clock becomes a {@link DemoClock} that the
 * demo seeder sets over HTTP ({@code /demo/clock}). Only the launcher's {@code --demo} turns it on.
 * It is refused on any database but the embedded H2 one: a ledger on PostgreSQL is the production
 * shape, where times must be the real ones.
 */
@Configuration
@ConditionalOnProperty(name = DemoClockConfiguration.ENABLED_PROPERTY, havingValue = "true")
public class DemoClockConfiguration {

    public static final String ENABLED_PROPERTY = "ledger.demo-clock.enabled";

    @Bean
    DemoClock demoClock(@Value("${spring.datasource.url}") String databaseUrl, JdbcTemplate jdbc) {
        requireEmbeddedDatabase(databaseUrl);
        return new DemoClock(Clock.tickMillis(ZoneOffset.UTC),
                () -> jdbc.queryForList("SELECT globalIndex FROM DomainEventEntry FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty());
    }

    /**
     * Fails unless the URL is an H2 one: the demo clock is for the embedded default only.
     *
     * @param databaseUrl the ledger's JDBC URL
     * @throws IllegalStateException naming only the URL's scheme, never its host or credentials
     */
    static void requireEmbeddedDatabase(String databaseUrl) {
        if (databaseUrl != null && databaseUrl.startsWith("jdbc:h2:")) {
            return;
        }
        String scheme = databaseUrl == null ? "none" : databaseUrl.replaceFirst("^(jdbc:[a-z0-9]+).*$", "$1");
        throw new IllegalStateException(ENABLED_PROPERTY + "=true sets the ledger's clock by hand, which only a demo on the"
                + " embedded H2 database may do; this ledger's database is " + scheme + ". Leave the demo clock off.");
    }
}
