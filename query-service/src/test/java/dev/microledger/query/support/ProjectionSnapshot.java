package dev.microledger.query.support;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every row of every projection table a service answers from: the tables of the schema its
 * connections are pointed at (the live generation), whatever migrations created them, minus
 * Flyway's history and the generation control tables. Two snapshots are equal when both
 * projections hold the same tables with the same rows; values are compared as text (bytes as hex), times as
 * instants.
 */
public final class ProjectionSnapshot {

    /** Not projections: Flyway's history (its times differ between databases) and the generations' bookkeeping. */
    private static final Set<String> NOT_PROJECTIONS =
            Set.of("flyway_schema_history", "projection_generation", "projection_rebuild_offset");
    private static final int TABLES_MAX = 1_000;
    private static final int ROWS_MAX = 1_000_000;

    private ProjectionSnapshot() {
    }

    /** Table name (lower case) to its rows, each row its columns' values in column order, rows sorted. */
    public static Map<String, List<List<String>>> of(DataSource dataSource) {
        return ofSchema(dataSource, schema(dataSource));
    }

    /** The same for the tables and views of {@code schema}, whichever the data source points at. */
    public static Map<String, List<List<String>>> ofSchema(DataSource dataSource, String schema) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, List<List<String>>> tables = new TreeMap<>();
            for (String table : tables(connection, schema)) {
                tables.put(table.toLowerCase(Locale.ROOT), rows(connection, schema, table));
            }
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the projection tables", e);
        }
    }

    /** The schema the data source's connections are pointed at, that is, the live generation's. */
    public static String schema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getSchema();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the current schema", e);
        }
    }

    /** The projection tables and views of a schema, by the names the database keeps. */
    public static List<String> tables(Connection connection, String schema) throws SQLException {
        return relations(connection, schema, false);
    }

    /** The projection tables of a schema, without views. */
    public static List<String> baseTables(Connection connection, String schema) throws SQLException {
        return relations(connection, schema, true);
    }

    private static List<String> relations(Connection connection, String schema, boolean tablesOnly) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                        + (tablesOnly ? " AND table_type = 'BASE TABLE'" : "") + " ORDER BY table_name")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next() && tables.size() < TABLES_MAX) {
                    String table = result.getString(1);
                    if (!NOT_PROJECTIONS.contains(table.toLowerCase(Locale.ROOT))) {
                        tables.add(table);
                    }
                }
            }
        }
        return tables;
    }

    private static List<List<String>> rows(Connection connection, String schema, String table) throws SQLException {
        String name = quote(schema) + "." + quote(table);
        int columns;
        try (Statement statement = connection.createStatement();
             ResultSet shape = statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0")) {
            columns = shape.getMetaData().getColumnCount();
        }
        StringBuilder orderBy = new StringBuilder();
        for (int column = 1; column <= columns; column++) {
            orderBy.append(column == 1 ? "" : ", ").append(column);
        }
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + name + " ORDER BY " + orderBy)) {
            while (result.next()) {
                if (rows.size() >= ROWS_MAX) {
                    throw new IllegalStateException(table + " has more than " + ROWS_MAX + " rows");
                }
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(text(result.getObject(column)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant().toString();
        }
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
