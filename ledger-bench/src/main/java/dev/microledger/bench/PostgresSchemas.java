package dev.microledger.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fresh schemas a PostgreSQL run works in: one per service and system, one for the raw
 * insert. They are named after the run and dropped at the end, so a run leaves the database as
 * it found it.
 */
final class PostgresSchemas {

    /** Schema names go into SQL unquoted, so they are held to lower-case letters, digits and '_'. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String url;
    private final String username;
    private final String password;
    private final List<String> created = new ArrayList<>();

    PostgresSchemas(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** The URL that makes {@code schema} the connection's current schema. */
    static String urlWithSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A schema name for this run; the schema itself is created by whoever uses it first (Flyway
     * for the services, {@link #create} for the raw insert) and dropped by {@link #dropAll}.
     */
    String name(String runId, String part) {
        String schema = ("bench_" + runId + "_" + part).toLowerCase(Locale.ROOT);
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a usable schema name: " + schema);
        }
        synchronized (created) {
            created.add(schema);
        }
        return schema;
    }

    void create(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    /**
     * The schemas and the schemas of the projection generations rebuilt in them ({@code SCHEMA_g2}, ...),
     * which query-service creates beside its own.
     */
    private static List<String> withGenerations(Statement statement, List<String> schemas) throws SQLException {
        List<String> all = new ArrayList<>();
        for (String schema : schemas) {
            try (ResultSet generations = statement.executeQuery("SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name LIKE '" + schema + "\\_g%'")) {
                while (generations.next()) {
                    all.add(generations.getString(1));
                }
            }
            all.add(schema);
        }
        return all;
    }

    /**
     * Drops every schema this run named, with everything in it.
     *
     * @return the schemas that could not be dropped, with the reason
     */
    List<String> dropAll() {
        List<String> failures = new ArrayList<>();
        List<String> schemas;
        synchronized (created) {
            schemas = List.copyOf(created);
        }
        if (schemas.isEmpty()) {
            return failures;
        }
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            for (String schema : withGenerations(statement, schemas)) {
                try {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException exception) {
                    failures.add(schema + ": " + exception.getMessage());
                }
            }
        } catch (SQLException exception) {
            failures.add(String.join(", ", schemas) + ": " + exception.getMessage());
        }
        return failures;
    }
}
