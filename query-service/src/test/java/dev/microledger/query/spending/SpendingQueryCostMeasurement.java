package dev.microledger.query.spending;

import com.zaxxer.hikari.HikariDataSource;
import dev.microledger.events.LedgerEvent;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.balance.BalanceHistory;
import dev.microledger.query.consuming.TestProjection;
import dev.microledger.query.support.TestLedger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Measures the reads on an account with a long history: one payer with a million payments over a
 * year (to 200 payees in 8 categories), projected into a new PostgreSQL database; then spending
 * summaries of a month and of a year, balances at random instants, and its alerts. The database is
 * a new one on the test JVM's shared PostgreSQL server, or the empty one that
 * {@code -Dmeasure.database.url} (with {@code .username} and {@code .password}) names; it is read
 * through a small pool, as the service reads it. A tool, not a test: run it with the test
 * classpath (see docs/projections.md).
 */
public final class SpendingQueryCostMeasurement {

    private static final int BATCH = 10_000;
    private static final int POOL_SIZE = 4;

    private SpendingQueryCostMeasurement() {
    }

    public static void main(String[] args) {
        int payments = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        TestLedger ledger = new TestLedger();
        String url = System.getProperty("measure.database.url", "");
        PostgresDatabase database = url.isBlank() ? SharedTestPostgres.freshDatabase("spending_query_cost")
                : new PostgresDatabase(url, System.getProperty("measure.database.username", ""),
                        System.getProperty("measure.database.password", ""));
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(POOL_SIZE);
        TestProjection projection = new TestProjection(pool);
        Random random = new Random(7);
        Instant start = Instant.parse("2025-11-01T00:00:00Z");
        ledger.at(start);
        List<LedgerEvent> opening = new ArrayList<>();
        opening.add(ledger.open("heavy", "USER", "USD", 6, "0"));
        ledger.open("funding", "SYSTEM", "USD", 6, "0");
        opening.add(ledger.transfer("top-up", "funding", "heavy", "100000000", null).get(1));
        opening.add(ledger.limits("heavy", "5", "2000", "50000", null, "Asia/Seoul"));
        opening.add(ledger.budget("heavy", "40000", "0.5", "0.8", "1"));
        projection.apply(opening);
        for (int i = 0; i < 200; i++) {
            ledger.open("payee-" + i, "MERCHANT", "USD", 6, "0");
        }
        long spacingMillis = Duration.ofDays(365).toMillis() / payments;
        long projectStart = System.nanoTime();
        List<LedgerEvent> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < payments; i++) {
            ledger.at(start.plusMillis(60_000 + i * spacingMillis));
            batch.add(ledger.transfer("p-" + i, "heavy", "payee-" + random.nextInt(200),
                    "0.0" + (1 + random.nextInt(9)), "category-" + random.nextInt(8)).get(0));
            if (batch.size() == BATCH) {
                projection.apply(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            projection.apply(batch);
        }
        System.out.printf("projected %,d payments of one account in %.1f s%n", payments,
                (System.nanoTime() - projectStart) / 1e9);
        // The statistics autovacuum would have gathered by the time an account has this history.
        projection.jdbc().execute("ANALYZE");

        BalanceHistory history = new BalanceHistory(projection.jdbc());
        SpendingQueries queries = new SpendingQueries(projection.jdbc(), projection.transactionManager(),
                SpendingSettings.DEFAULTS, history);
        SpendingProfile profile = new SpendingProfiles(projection.jdbc()).find("heavy");
        AccountRow account = projection.account("heavy");
        LocalDate today = LocalDate.parse("2026-10-20");
        measure("spending summary of one month (about 83,000 payments)", () -> queries.summarize(account, profile,
                LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-30"), today).spent());
        measure("spending summary of 366 days (every payment)", () -> queries.summarize(account, profile,
                LocalDate.parse("2025-11-01"), LocalDate.parse("2026-11-01"), today).spent());
        measure("100 balances at random instants", () -> {
            long sum = 0;
            for (int i = 0; i < 100; i++) {
                sum += history.balanceAtMinor(account, start.plusSeconds(random.nextInt(365 * 86_400)));
            }
            return sum;
        });
        measure("alerts, newest 100", () -> projection.jdbc().queryForList(
                "SELECT * FROM alert_view WHERE account_id = 'heavy' ORDER BY account_id DESC, sequence DESC, "
                        + "ordinal DESC LIMIT 100").size());
        pool.close();
    }

    private static void measure(String what, Supplier<Object> read) {
        long[] millis = new long[5];
        Object result = read.get();
        for (int i = 0; i < millis.length; i++) {
            long startNanos = System.nanoTime();
            result = read.get();
            millis[i] = (System.nanoTime() - startNanos) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("%s: median %d ms (min %d, max %d) -> %s%n", what, millis[2], millis[0], millis[4], result);
    }
}
