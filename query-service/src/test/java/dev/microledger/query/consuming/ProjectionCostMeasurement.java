package dev.microledger.query.consuming;

import dev.microledger.query.support.TestChain;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.support.TestLedger;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.sun.management.OperatingSystemMXBean;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures what projecting costs: a uniform payment workload (payers paying merchants small
 * amounts in a few categories, spread over 60 days) projected into a new PostgreSQL database in
 * batches as large as the consumer's polls, as a rebuild does. A tool, not a test: run it with
 * the test classpath (see docs/projections.md), on an otherwise quiet machine, and compare runs
 * of the same machine only. The database is a new one on the test JVM's shared PostgreSQL server,
 * or the empty one that {@code -Dmeasure.database.url} (with {@code .username} and
 * {@code .password}) names.
 */
public final class ProjectionCostMeasurement {

    private static final int PAYERS = 10_000;
    private static final int MERCHANTS = 1_000;
    private static final int BATCH = 10_000;
    private static final String[] CATEGORIES = {"news", "games", "tips", "music", "video"};
    private static final String[] AMOUNTS = {"0.0025", "0.01", "0.05", "0.25", "0.99", "1.5", "4.99"};

    private ProjectionCostMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        TestLedger ledger = new TestLedger();
        Random random = new Random(42);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<LedgerEvent> events = new ArrayList<>();
        ledger.at(start);
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        for (int i = 0; i < MERCHANTS; i++) {
            events.add(ledger.open("merchant-" + i, "MERCHANT", "USD", 6, "0"));
        }
        for (int i = 0; i < PAYERS; i++) {
            events.add(ledger.open("payer-" + i, "USER", "USD", 6, "0"));
            events.addAll(ledger.transfer("top-up-" + i, "funding", "payer-" + i, "100000", "top-up"));
        }
        long spacingMillis = Duration.ofDays(60).toMillis() / transfers;
        for (int i = 0; i < transfers; i++) {
            ledger.at(start.plusMillis(10_000 + i * spacingMillis));
            events.addAll(ledger.transfer("t-" + i, "payer-" + random.nextInt(PAYERS),
                    "merchant-" + random.nextInt(MERCHANTS), AMOUNTS[random.nextInt(AMOUNTS.length)],
                    CATEGORIES[random.nextInt(CATEGORIES.length)]));
        }
        LedgerEventCodec codec = new LedgerEventCodec();
        List<ProjectionInput> inputs = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            LedgerEvent event = events.get(i);
            inputs.add(TestInputs.of(event, "measure", 0, i));
        }

        String url = System.getProperty("measure.database.url", "");
        PostgresDatabase database = url.isBlank() ? SharedTestPostgres.freshDatabase("projection_cost")
                : new PostgresDatabase(url, System.getProperty("measure.database.username", ""),
                        System.getProperty("measure.database.password", ""));
        DataSource dataSource = database.dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // What one index costs: -Dmeasure.drop-index=entry_view_account_time measures without it.
        String dropIndex = System.getProperty("measure.drop-index");
        if (dropIndex != null) {
            jdbc.execute("DROP INDEX " + dropIndex);
        }
        Projector projector = new Projector(jdbc, new DataSourceTransactionManager(dataSource), TestChain.CHAIN);

        // CPU time of the whole process (GC and compiler threads included) says more than the wall
        // clock on a machine that other work shares. The PostgreSQL server's own CPU time is not in it.
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long startCpuNanos = os.getProcessCpuTime();
        long startNanos = System.nanoTime();
        for (int from = 0; from < inputs.size(); from += BATCH) {
            projector.apply(inputs.subList(from, Math.min(inputs.size(), from + BATCH)));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - startCpuNanos) / 1e9;
        System.out.printf("projected %,d events (%,d transfers) in %.1f s, %.1f CPU s: %,.0f events/s, "
                        + "%,.0f events per CPU second%n", inputs.size(), transfers, seconds, cpuSeconds,
                inputs.size() / seconds, inputs.size() / cpuSeconds);
        try {
            jdbc.queryForList("SELECT alert_type, COUNT(*) AS alerts FROM alert_view GROUP BY alert_type")
                    .forEach(row -> System.out.println(row.get("ALERT_TYPE") + ": " + row.get("ALERTS")));
        } catch (RuntimeException missing) {
            System.out.println("no alerts");
        }
        for (String table : List.of("entry_view", "alert_view", "spending_account")) {
            try {
                System.out.printf("%s: %,d rows%n", table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
            } catch (RuntimeException missing) {
                System.out.printf("%s: no such table%n", table);
            }
        }
    }
}
