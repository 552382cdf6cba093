package dev.microledger.query.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The one place that decides which database the integration tests use: a fresh H2 file under
 * {@code target/} by default, or the PostgreSQL database named by the system properties
 * {@code ledger.test.database.url}, {@code .username} and {@code .password} (the build sets them
 * from {@code LEDGER_TEST_POSTGRES_URL} and friends). On PostgreSQL the query-service's tables
 * live in a schema of their own, beside the ledger-service's; that schema is shared with earlier
 * runs, so tests never assume it is empty, and a projection that must start empty gets a
 * schema of its own, dropped afterwards.
 */
public final class TestDatabase {

    static final String URL_PROPERTY = "ledger.test.database.url";
    static final String USERNAME_PROPERTY = "ledger.test.database.username";
    static final String PASSWORD_PROPERTY = "ledger.test.database.password";
    /** The schema of the query-service's tests on a shared PostgreSQL database. */
    static final String SHARED_SCHEMA = "query_service_test";

    private final String url;
    private final String username;
    private final String password;
    /** The PostgreSQL schema of the tables, or null for H2. */
    private final String schema;
    /** Whether the schema belongs to this database alone and is dropped by {@link #dropOwnSchema()}. */
    private final boolean ownsSchema;

    private TestDatabase(String url, String username, String password, String schema, boolean ownsSchema) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.schema = schema;
        this.ownsSchema = ownsSchema;
    }

    public static boolean isPostgres() {
        return !System.getProperty(URL_PROPERTY, "").isBlank();
    }

    /** The database of a test class: the query-service's shared schema on PostgreSQL, or a new H2 file. */
    public static TestDatabase forTestClass(String name) {
        return isPostgres() ? postgres(SHARED_SCHEMA, false) : h2(name);
    }

    /** A database nobody has written to: a new H2 file, or a new schema on PostgreSQL. */
    public static TestDatabase empty(String name) {
        if (!isPostgres()) {
            return h2(name);
        }
        String schema = ("query_test_" + name + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return postgres(schema, true);
    }

    private static TestDatabase postgres(String schema, boolean ownsSchema) {
        String base = System.getProperty(URL_PROPERTY);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(url, System.getProperty(USERNAME_PROPERTY, ""),
                System.getProperty(PASSWORD_PROPERTY, ""), schema, ownsSchema);
    }

    private static TestDatabase h2(String name) {
        Path directory;
        try {
            directory = Files.createDirectories(Path.of("target", "test-databases"))
                    .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("query") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        return new TestDatabase(url, "sa", "", null, false);
    }

    /** The Spring properties that point an application at this database. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        if (schema != null) {
            // Flyway creates the schema on first use and keeps its history table there.
            properties.put("spring.flyway.default-schema", schema);
        }
        return properties;
    }

    /** Supplies {@link #properties()} to the test's application context. */
    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Drops the schema made for this database alone, and the schemas of the projection generations
     * rebuilt in it ({@code SCHEMA_g2}, ...); H2 files stay in target/ and the shared schema stays.
     */
    public void dropOwnSchema() {
        if (!ownsSchema) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(System.getProperty(URL_PROPERTY), username, password);
             Statement statement = connection.createStatement()) {
            List<String> generations = new ArrayList<>();
            try (ResultSet schemas = statement.executeQuery("SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name LIKE '" + schema + "\\_g%'")) {
                while (schemas.next()) {
                    generations.add(schemas.getString(1));
                }
            }
            for (String generation : generations) {
                statement.execute("DROP SCHEMA IF EXISTS " + generation + " CASCADE");
            }
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
