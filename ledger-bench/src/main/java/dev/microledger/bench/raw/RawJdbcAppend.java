package dev.microledger.bench.raw;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.microledger.bench.report.RawLimit;

/**
 * The database's raw append limit: event-store-shaped rows inserted with JDBC batches, with no
 * ledger in between. The table is a copy of the ledger's {@code DomainEventEntry} (identity key,
 * unique event id, unique aggregate and sequence), the payloads are real ledger events (see
 * {@link EventSamples}), and it lives in a scratch database or schema of the same kind, so the
 * number is what the same database can take for the same rows.
 */
public final class RawJdbcAppend {

    public static final String NAME = "Raw JDBC batch insert of event-sized rows";

    /**
     * Concurrent writers tried, each with its own connection; the best is the limit. The ledger
     * writes from its group-commit workers and from each batch request at once, so its
     * concurrency lies in this range.
     */
    static final List<Integer> WRITER_COUNTS = List.of(1, 2, 4, 8);
    static final int ROWS_PER_TRANSACTION = 500;
    static final int METADATA_BYTES = 60;
    static final int AGGREGATES = 10_000;

    private static final String TABLE = "raw_event_entry";
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private RawJdbcAppend() {
    }

    /**
     * Inserts for {@code seconds} with each of {@link #WRITER_COUNTS} writers in turn, each time
     * into a fresh scratch table that is dropped afterwards, and reports the best.
     *
     * @param jdbcUrl   a PostgreSQL URL; the table goes into the schema the URL selects
     * @param seconds   how long to insert with each writer count
     * @param what      the database, for the report
     * @return the best rate, or a skipped limit with the reason when the database cannot be used
     */
    public static RawLimit measure(String jdbcUrl, String username, String password, int seconds, String what) {
        RawLimit best = null;
        StringBuilder rates = new StringBuilder();
        for (int writers : WRITER_COUNTS) {
            RawLimit limit = measure(jdbcUrl, username, password, seconds, what, writers);
            if (!limit.measured()) {
                return limit;
            }
            rates.append(rates.length() == 0 ? "" : ", ").append(writers).append(": ")
                    .append(String.format(Locale.ROOT, "%,.0f", limit.ratePerSecond()));
            if (best == null || limit.ratePerSecond() > best.ratePerSecond()) {
                best = limit;
            }
        }
        return new RawLimit(best.name(), best.unit(), best.ratePerSecond(), best.count(), best.seconds(),
                best.detail() + " (the best; rows/s by writers " + rates + ")", null);
    }

    /** One measurement with a given number of writers. */
    static RawLimit measure(String jdbcUrl, String username, String password, int seconds, String what, int writers) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl, username, password)) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + TABLE);
                statement.execute(createTable());
            }
            try {
                EventSamples events = EventSamples.create();
                Insertion insertion = insert(jdbcUrl, username, password, seconds, events, writers);
                String detail = String.format(Locale.ROOT,
                        "%s; payloads are ledger events of %d bytes on average; %d writers, %d rows per transaction, %.1f s, %,d rows",
                        what, events.averageBytes(), writers, ROWS_PER_TRANSACTION, insertion.seconds(), insertion.rows());
                return new RawLimit(NAME, "rows", insertion.rows() / insertion.seconds(), insertion.rows(), insertion.seconds(),
                        detail, null);
            } finally {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + TABLE);
                }
            }
        } catch (SQLException | RuntimeException exception) {
            return RawLimit.skipped(NAME, "rows", "failed on " + what + ": " + exception.getMessage());
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return RawLimit.skipped(NAME, "rows", "interrupted");
        }
    }

    /**
     * PostgreSQL's {@code synchronous_commit}, which decides whether a commit waits for its WAL flush.
     *
     * @return the setting, or null when it cannot be read
     */
    public static String synchronousCommit(String jdbcUrl, String username, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW synchronous_commit")) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException exception) {
            return null;
        }
    }

    static String createTable() {
        return "CREATE TABLE " + TABLE + " ("
                + "globalIndex BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                + "eventIdentifier VARCHAR(255) NOT NULL UNIQUE, "
                + "aggregateIdentifier VARCHAR(255) NOT NULL, "
                + "sequenceNumber BIGINT NOT NULL, "
                + "type VARCHAR(255), "
                + "timeStamp VARCHAR(255) NOT NULL, "
                + "payloadType VARCHAR(255) NOT NULL, "
                + "payloadRevision VARCHAR(255), "
                + "payload BYTEA NOT NULL, "
                + "metaData BYTEA, "
                + "CONSTRAINT raw_event_aggregate_sequence UNIQUE (aggregateIdentifier, sequenceNumber))";
    }

    private static Insertion insert(String jdbcUrl, String username, String password, int seconds, EventSamples events,
            int writers)
            throws InterruptedException, SQLException {
        ExecutorService pool = Executors.newFixedThreadPool(writers, runnable -> {
            Thread thread = new Thread(runnable, "bench-raw-jdbc");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger nextWriter = new AtomicInteger();
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos(seconds);
        try {
            List<Future<Long>> results = new ArrayList<>(writers);
            for (int writer = 0; writer < writers; writer++) {
                results.add(pool.submit(() -> write(jdbcUrl, username, password, nextWriter.getAndIncrement(), deadlineNanos, events)));
            }
            long rows = 0;
            for (Future<Long> result : results) {
                rows += result.get(seconds + SETTLE_NANOS / 1_000_000_000L, TimeUnit.SECONDS);
            }
            return new Insertion(rows, (System.nanoTime() - startNanos) / 1e9);
        } catch (ExecutionException exception) {
            if (exception.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(exception.getCause());
        } catch (TimeoutException exception) {
            throw new IllegalStateException("the raw insert did not finish within " + seconds + " s plus 30 s");
        } finally {
            pool.shutdownNow();
        }
    }

    private static long write(String jdbcUrl, String username, String password, int writer, long deadlineNanos,
            EventSamples events) throws SQLException {
        String sql = "INSERT INTO " + TABLE + " (eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp,"
                + " payloadType, payloadRevision, payload, metaData) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        byte[] metadata = new byte[METADATA_BYTES];
        Arrays.fill(metadata, (byte) ' ');
        long rows = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            while (System.nanoTime() - deadlineNanos < 0) {
                for (int row = 0; row < ROWS_PER_TRANSACTION; row++) {
                    // Each writer owns its aggregates, so (aggregate, sequence) stays unique without coordination.
                    long number = rows + row;
                    String aggregateId = "raw-" + writer + "-" + (number % AGGREGATES);
                    long sequence = number / AGGREGATES;
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, aggregateId);
                    insert.setLong(3, sequence);
                    insert.setString(4, "Account");
                    insert.setString(5, Instant.now().toString());
                    insert.setString(6, "dev.microledger.ledger.account.AccountDebitedEvent");
                    insert.setString(7, null);
                    insert.setBytes(8, events.get(number));
                    insert.setBytes(9, metadata);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                rows += ROWS_PER_TRANSACTION;
            }
        }
        return rows;
    }

    private record Insertion(long rows, double seconds) {
    }
}
