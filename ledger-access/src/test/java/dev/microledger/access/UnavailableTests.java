package dev.microledger.access;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class UnavailableTests {

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailableHoweverDeepTheCause() {
        // What the pool throws while PostgreSQL restarts, wrapped as the transaction manager and Axon wrap it.
        Throwable pool = new SQLTransientConnectionException("HikariPool-1 - Connection is not available");
        assertThat(Unavailable.isUnavailable(new IllegalStateException("command failed",
                new RuntimeException("could not open a transaction", pool)))).isTrue();
        assertThat(Unavailable.isUnavailable(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(Unavailable.isUnavailable(new SQLException("terminating connection due to crash", "57P02")))
                .isTrue();
        assertThat(Unavailable.isUnavailable(new RuntimeException(new ConnectException("refused")))).isTrue();
        // Seen while PostgreSQL stopped under load: a pooled connection closed, a write on a broken socket.
        assertThat(Unavailable.isUnavailable(new IllegalStateException("Failed to create a SQL statement",
                new SQLException("Connection is closed", "08003")))).isTrue();
        assertThat(Unavailable.isUnavailable(new RuntimeException("already inserted",
                new SQLException("I/O error", new SocketException("Broken pipe"))))).isTrue();
    }

    @Test
    void aFaultOrABadStatementIsNot() {
        assertThat(Unavailable.isUnavailable(new NullPointerException())).isFalse();
        assertThat(Unavailable.isUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(Unavailable.isUnavailable(new SQLException("no state"))).isFalse();
        assertThat(Unavailable.isUnavailable(new IllegalStateException("wrapped", new SQLException("syntax", "42601"))))
                .isFalse();
    }
}
