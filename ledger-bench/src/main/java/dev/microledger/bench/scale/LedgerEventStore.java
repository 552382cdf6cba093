package dev.microledger.bench.scale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads ledger-service's event store after the scale workload: how many events it holds, and the
 * latest snapshot of an account, which is where loading that account starts.
 */
public final class LedgerEventStore {

    private LedgerEventStore() {
    }

    /** The events in the store and the latest snapshot sequences of two accounts (null where there is none). */
    public record Facts(long events, Long firstSnapshotSequence, Long secondSnapshotSequence) {
    }

    public static Facts read(String jdbcUrl, String username, String password, String firstAccountId, String secondAccountId)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password)) {
            long events;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM DomainEventEntry")) {
                rows.next();
                events = rows.getLong(1);
            }
            return new Facts(events, latestSnapshot(connection, firstAccountId), latestSnapshot(connection, secondAccountId));
        }
    }

    private static Long latestSnapshot(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT MAX(sequenceNumber) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?")) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long sequence = rows.getLong(1);
                return rows.wasNull() ? null : sequence;
            }
        }
    }
}
