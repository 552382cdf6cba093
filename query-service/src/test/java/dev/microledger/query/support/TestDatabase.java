package dev.microledger.query.support;

import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides which database the integration tests use: a database on the test
 * JVM's shared PostgreSQL server. Test classes share {@value #SHARED_DATABASE}, which other
 * classes write to as well, so tests never assume it is empty; a projection that must start empty
 * gets a new database of its own. Either way the tables are in schema {@value #SCHEMA}, as in a
 * deployed query-service, and a rebuild puts its generations beside it ({@code public_g2}, ...).
 */
public final class TestDatabase {

    /** The database the query-service's test classes share. */
    static final String SHARED_DATABASE = "query_service_test";
    /** The schema the service's connections start in, where Flyway puts the first generation. */
    static final String SCHEMA = "public";
    /** How long dropping the schemas waits for a lock an open transaction holds before it gives up. */
    private static final String DROP_LOCK_TIMEOUT = "30s";

    private final PostgresDatabase database;
    /** Whether the database belongs to this instance alone, so that {@link #dropOwnSchema()} may empty it. */
    private final boolean own;

    private TestDatabase(PostgresDatabase database, boolean own) {
        this.database = database;
        this.own = own;
    }

    /** The database of a test class: the one the query-service's test classes share. */
    public static TestDatabase forTestClass(String name) {
        return new TestDatabase(SharedTestPostgres.database(SHARED_DATABASE), false);
    }

    /** A database nobody has written to: a new one on the shared server. */
    public static TestDatabase empty(String name) {
        return new TestDatabase(SharedTestPostgres.freshDatabase("query_test_" + name), true);
    }

    /** The schema the tables are in: the first generation's, and where the views of later ones are. */
    public String schema() {
        return SCHEMA;
    }

    /** The Spring properties that point an application at this database. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        return properties;
    }

    /** Supplies {@link #properties()} to the test's application context. */
    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Drops what a projection made in a database of its own: its schema and the schemas of the
     * generations rebuilt in it ({@code public_g2}, ...). The shared database stays as it is.
     */
    public void dropOwnSchema() {
        if (!own) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + DROP_LOCK_TIMEOUT + "'");
            List<String> schemas = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name LIKE '" + SCHEMA + "\\_g%' ORDER BY schema_name")) {
                while (found.next()) {
                    schemas.add(found.getString(1));
                }
            }
            schemas.add(SCHEMA);
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the schemas of test database " + database.url(), e);
        }
    }

    @Override
    public String toString() {
        return database.url();
    }
}
