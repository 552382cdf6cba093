package dev.microledger.query.generation;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The application's data source, pointed at the live generation of the projection tables: every
 * connection it hands out has the live generation's schema as its current schema, so readers and
 * the live projection use plain table names and never see a generation that is still being built.
 * The rebuild's thread works in the new generation instead ({@link #inSchema}). The schema is set
 * when a connection is taken from the pool, so one transaction reads one generation from its start
 * to its end, and a switch applies from the next connection on.
 */
public final class GenerationDataSource extends DelegatingDataSource {

    private final boolean poolKeepsSchema;
    private final ThreadLocal<String> threadSchema = new ThreadLocal<>();
    /**
     * The schema last set on each physical connection, so that a pooled connection is only told
     * again when the live generation changed: on PostgreSQL setting it is a round trip.
     */
    private final Map<Connection, String> schemaByConnection = new WeakHashMap<>();
    private volatile String liveSchema;

    /**
     * @param target          the pool
     * @param poolKeepsSchema whether a connection keeps the schema it was given when it goes back
     *                        to the pool; a pool configured with a schema of its own resets it
     */
    GenerationDataSource(DataSource target, boolean poolKeepsSchema) {
        super(target);
        this.poolKeepsSchema = poolKeepsSchema;
    }

    /** The schema of the live generation, or null before the projection's schema is known. */
    public String liveSchema() {
        return liveSchema;
    }

    void switchLiveSchema(String schema) {
        liveSchema = Objects.requireNonNull(schema, "schema");
    }

    /** Runs {@code work} on this thread with connections in {@code schema} instead of the live one. */
    public <T> T inSchema(String schema, Supplier<T> work) {
        Objects.requireNonNull(schema, "schema");
        String previous = threadSchema.get();
        threadSchema.set(schema);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                threadSchema.remove();
            } else {
                threadSchema.set(previous);
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pointed(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pointed(super.getConnection(username, password));
    }

    private Connection pointed(Connection connection) throws SQLException {
        String schema = threadSchema.get();
        if (schema == null) {
            schema = liveSchema;
        }
        if (schema == null) {
            return connection;
        }
        try {
            point(connection, schema);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void point(Connection connection, String schema) throws SQLException {
        // PostgreSQL undoes a SET made inside a transaction that rolls back; a connection that
        // comes out of the pool outside auto-commit is therefore told every time.
        if (!poolKeepsSchema || !connection.getAutoCommit()) {
            connection.setSchema(schema);
            return;
        }
        Connection physical = connection.unwrap(Connection.class);
        synchronized (schemaByConnection) {
            if (schema.equals(schemaByConnection.get(physical))) {
                return;
            }
        }
        connection.setSchema(schema);
        synchronized (schemaByConnection) {
            schemaByConnection.put(physical, schema);
        }
    }
}
