package dev.microledger.bench.fault;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares the live projection with a rebuild of it from the topic: asks query-service for a
 * rebuild that waits for the operator before it switches ({@code switchover=manual}), waits until
 * it has read every record of the topic, and then compares every projection table of the live
 * generation with the same table of the rebuilt one, row by row, in the database
 * ({@code EXCEPT ALL} both ways, so a row that is there twice on one side counts). Then it lets
 * the rebuild switch over, so the system ends on the rebuilt tables, as an operator's rebuild
 * would. It reads with query-service's own login, and only reads.
 */
final class RebuildComparison {

    private static final String REBUILD = "/admin/projections/rebuild";
    /** Not projections: Flyway's history and the generations' bookkeeping. */
    private static final Set<String> NOT_PROJECTIONS = Set.of("flyway_schema_history", "projection_generation",
            "projection_rebuild_offset");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration SWITCH_TIMEOUT = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 500;
    private static final int TABLES_MAX = 100;
    private static final int EXAMPLES_MAX = 3;

    /** One table of both generations: its rows, and the rows only one side has. */
    record Table(String name, long liveRows, long rebuiltRows, long onlyLive, long onlyRebuilt, List<String> examples) {
    }

    /**
     * @param generation   the rebuilt generation
     * @param topicRecords the records the rebuild read from the topic
     * @param projected    of them, applied
     * @param skipped      of them, not applied: duplicates the outbox published again after a crash, and anything set aside
     * @param tables       every projection table compared
     * @param switched     whether the rebuilt generation went live afterwards
     * @param seconds      how long the rebuild took until it was ready to switch
     * @param failure      why the comparison could not be made, or null
     */
    record Result(long generation, long topicRecords, long projected, long skipped, List<Table> tables, boolean switched,
                  double seconds, String failure) {

        boolean passed() {
            return failure == null && !tables.isEmpty()
                    && tables.stream().allMatch(table -> table.onlyLive() == 0 && table.onlyRebuilt() == 0);
        }

        long rows() {
            return tables.stream().mapToLong(Table::liveRows).sum();
        }
    }

    private RebuildComparison() {
    }

    static Result run(FaultHttp http, URI queryUrl, String jdbcUrl, String username, String password)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        FaultHttp.Reply started = http.post(queryUrl, REBUILD + "?switchover=manual", null, REQUEST_TIMEOUT);
        if (started.status() != 202) {
            return failed("POST " + REBUILD + "?switchover=manual answered " + started.describe());
        }
        JsonNode ready = await(http, queryUrl, REBUILD_TIMEOUT, RebuildComparison::caughtUp);
        if (ready == null || !ready.path("state").asText().equals("READY")) {
            return failed("the rebuild did not become ready with every record read: " + (ready == null ? "no answer" : ready));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        List<Table> tables;
        try {
            tables = compare(jdbcUrl, username, password, ready.path("schema").asText());
        } catch (SQLException exception) {
            return failed("comparing the tables failed: " + exception.getMessage());
        }
        FaultHttp.Reply switching = http.post(queryUrl, REBUILD + "/switch", null, REQUEST_TIMEOUT);
        JsonNode switched = switching.status() == 202
                ? await(http, queryUrl, SWITCH_TIMEOUT, status -> status.path("state").asText().equals("SWITCHED")
                        || status.path("state").asText().equals("FAILED"))
                : null;
        return new Result(ready.path("generation").asLong(), ready.path("recordsTotal").asLong(),
                ready.path("projected").asLong(), ready.path("skipped").asLong(), tables,
                switched != null && switched.path("state").asText().equals("SWITCHED"), seconds,
                switched == null || !switched.path("state").asText().equals("SWITCHED")
                        ? "the switch to the rebuilt generation did not happen: " + (switched == null ? switching.describe() : switched)
                        : null);
    }

    /** Ready, or ended, and every partition read to its end. */
    private static boolean caughtUp(JsonNode status) {
        String state = status.path("state").asText();
        if (state.equals("FAILED") || state.equals("SWITCHED")) {
            return true;
        }
        if (!state.equals("READY") || status.path("partitions").isEmpty()) {
            return false;
        }
        for (JsonNode partition : status.path("partitions")) {
            if (partition.path("done").asLong() < partition.path("end").asLong()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode await(FaultHttp http, URI queryUrl, Duration timeout, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() - deadline < 0) {
            FaultHttp.Reply reply = http.get(queryUrl, REBUILD, REQUEST_TIMEOUT);
            JsonNode status = reply.status() == 200 ? reply.json() : null;
            if (status != null) {
                last = status;
                if (done.test(status)) {
                    return status;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return last;
    }

    private static List<Table> compare(String jdbcUrl, String username, String password, String rebuiltSchema)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password)) {
            connection.setReadOnly(true);
            String liveSchema;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT schema_name FROM projection_generation WHERE state = 'LIVE'")) {
                if (!rows.next()) {
                    throw new SQLException("no generation is LIVE in projection_generation");
                }
                liveSchema = rows.getString(1);
            }
            List<Table> tables = new ArrayList<>();
            for (String table : tables(connection, liveSchema)) {
                tables.add(compareTable(connection, liveSchema, rebuiltSchema, table));
            }
            return tables;
        }
    }

    private static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && tables.size() < TABLES_MAX) {
                    if (!NOT_PROJECTIONS.contains(rows.getString(1).toLowerCase(java.util.Locale.ROOT))) {
                        tables.add(rows.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    private static Table compareTable(Connection connection, String liveSchema, String rebuiltSchema, String table)
            throws SQLException {
        String live = quote(liveSchema) + "." + quote(table);
        String rebuilt = quote(rebuiltSchema) + "." + quote(table);
        List<String> examples = new ArrayList<>();
        long onlyLive = difference(connection, live, rebuilt, "only live: ", examples);
        long onlyRebuilt = difference(connection, rebuilt, live, "only rebuilt: ", examples);
        return new Table(table, count(connection, live), count(connection, rebuilt), onlyLive, onlyRebuilt, examples);
    }

    private static long difference(Connection connection, String from, String minus, String label, List<String> examples)
            throws SQLException {
        String rows = "SELECT * FROM " + from + " EXCEPT ALL SELECT * FROM " + minus;
        try (Statement statement = connection.createStatement();
                ResultSet counted = statement.executeQuery("SELECT COUNT(*) FROM (" + rows + ") difference")) {
            counted.next();
            long count = counted.getLong(1);
            if (count == 0) {
                return 0;
            }
            try (Statement sample = connection.createStatement();
                    ResultSet sampled = sample.executeQuery("SELECT difference::text FROM (" + rows + ") difference LIMIT "
                            + EXAMPLES_MAX)) {
                while (sampled.next()) {
                    examples.add(label + sampled.getString(1));
                }
            }
            return count;
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Result failed(String failure) {
        return new Result(0, 0, 0, 0, List.of(), false, 0, failure);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
