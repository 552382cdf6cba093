package dev.microledger.ledger.clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ledger.demo-clock.enabled=true}: the ledger's clock becomes a {@link DemoClock} that the
 * demo seeder sets over HTTP ({@code /demo/clock}). Only the launcher's {@code --demo} turns it on.
 * It is refused on any database but a PostgreSQL one on this machine's loopback, which is where the
 * launcher's embedded PostgreSQL listens: a ledger on a database elsewhere is the production shape,
 * where times must be the real ones.
 */
@Configuration
@ConditionalOnProperty(name = DemoClockConfiguration.ENABLED_PROPERTY, havingValue = "true")
public class DemoClockConfiguration {

    public static final String ENABLED_PROPERTY = "ledger.demo-clock.enabled";

    /**
     * One host, and that host a loopback address, with an optional port, the database and the
     * parameters (group 3): a list of hosts or any other host does not match.
     */
    private static final Pattern LOOPBACK_URL =
            Pattern.compile("^jdbc:postgresql://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?/[^?,]*(\\?.*)?$");

    private static final Pattern SCHEME = Pattern.compile("jdbc:[a-z0-9]+");

    @Bean
    DemoClock demoClock(@Value("${spring.datasource.url}") String databaseUrl, JdbcTemplate jdbc) {
        requireLoopbackDatabase(databaseUrl);
        return new DemoClock(Clock.tickMillis(ZoneOffset.UTC),
                () -> jdbc.queryForList("SELECT globalIndex FROM DomainEventEntry FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty());
    }

    /**
     * Fails unless the URL names a PostgreSQL database on this machine's loopback
     * ({@code 127.0.0.1}, {@code localhost} or {@code [::1]}): the demo clock is for the launcher's
     * embedded database only. A URL whose parameters name a host again ({@code PGHOST}) is refused
     * too, whichever of the two hosts the driver would take.
     *
     * @param databaseUrl the ledger's JDBC URL
     * @throws IllegalStateException naming only the URL's scheme, never its host or credentials
     */
    static void requireLoopbackDatabase(String databaseUrl) {
        Matcher url = LOOPBACK_URL.matcher(databaseUrl == null ? "" : databaseUrl);
        if (url.matches() && (url.group(3) == null || !url.group(3).toLowerCase(Locale.ROOT).contains("pghost"))) {
            return;
        }
        throw new IllegalStateException(ENABLED_PROPERTY + "=true sets the ledger's clock by hand, which only a demo on a"
                + " database on this machine's loopback may do; this ledger's database (" + scheme(databaseUrl)
                + ") is not one. Leave the demo clock off.");
    }

    /** The URL's scheme alone ({@code jdbc:postgresql}), or a word for none: never its host or credentials. */
    private static String scheme(String databaseUrl) {
        if (databaseUrl == null) {
            return "none";
        }
        Matcher scheme = SCHEME.matcher(databaseUrl);
        return scheme.lookingAt() ? scheme.group() : "unrecognised";
    }
}
