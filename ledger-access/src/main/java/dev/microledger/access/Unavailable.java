package dev.microledger.access;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure of the service's own infrastructure that passes by itself (its database is
 * restarting, a connection broke, the pool had none to give) from a fault: the first is answered
 * 503 with {@code Retry-After}, so that a client tries again, rather than 500.
 */
public final class Unavailable {

    /** How long a client should wait before it tries again, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    /**
     * PostgreSQL's SQLSTATEs of a server that is going away or not there yet: admin shutdown,
     * crash shutdown, cannot connect now. Class 08 (connection exception) counts as a whole.
     */
    private static final Set<String> SERVER_GOING_STATES = Set.of("57P01", "57P02", "57P03");

    private Unavailable() {
    }

    /**
     * Whether {@code failure}, or anything that caused it, says the database (or another service
     * this one needs) could not be reached, rather than that the request or the code is wrong.
     */
    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
