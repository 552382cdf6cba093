package dev.microledger.bench.scale;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.microledger.postgres.PostgresDatabase;

/** How much room a PostgreSQL database takes on disk: its tables, indexes and TOAST, not the shared write-ahead log. */
final class DatabaseSize {

    private DatabaseSize() {
    }

    /**
     * @param database a database and a login that may connect to it
     * @return its size in bytes, as {@code pg_database_size} reports it
     * @throws SQLException when it cannot be read
     */
    static long bytes(PostgresDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
