package dev.microledger.postgres;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run an embedded PostgreSQL server.
 *
 * @param dataDirectory the cluster's directory ({@code PGDATA}); made by {@code initdb} when new, reused after that
 * @param host the address it listens on, a loopback address
 * @param port its TCP port, 0 for any free one
 * @param logFile where the server's output goes (appended)
 * @param superuserPassword the password of the superuser {@value PostgresServer#SUPERUSER}; set by
 *     {@code initdb} on a new cluster, and needed to connect to an existing one
 * @param userUnderRoot the user the server runs as when this JVM is root, null for {@value RunAs#DEFAULT_USER_UNDER_ROOT}
 * @param binariesCache where the PostgreSQL programs are unpacked ({@link PostgresBinaries})
 * @param maxConnections the server's {@code max_connections}
 * @param startTimeoutSeconds how long {@code initdb} and the start may take together
 */
public record PostgresSettings(
        Path dataDirectory,
        String host,
        int port,
        Path logFile,
        String superuserPassword,
        String userUnderRoot,
        Path binariesCache,
        int maxConnections,
        int startTimeoutSeconds) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 120;

    private static final int PORT_MAX = 65_535;
    private static final int CONNECTIONS_MAX = 10_000;

    public PostgresSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(binariesCache, "binariesCache");
        if (superuserPassword == null || superuserPassword.length() < 16 || superuserPassword.contains("\n")) {
            throw new IllegalArgumentException("the superuser password must be one line of at least 16 characters");
        }
        if (port < 0 || port > PORT_MAX) {
            throw new IllegalArgumentException("port must be between 0 and " + PORT_MAX + ", got " + port);
        }
        if (maxConnections < 10 || maxConnections > CONNECTIONS_MAX) {
            throw new IllegalArgumentException("maxConnections must be between 10 and " + CONNECTIONS_MAX + ", got " + maxConnections);
        }
        if (startTimeoutSeconds < 1) {
            throw new IllegalArgumentException("startTimeoutSeconds must be positive, got " + startTimeoutSeconds);
        }
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        logFile = logFile.toAbsolutePath().normalize();
        binariesCache = binariesCache.toAbsolutePath().normalize();
    }

    /**
     * The defaults for a data directory: loopback, the default cache, 100 connections, 120 s.
     *
     * @return settings with the given directory, port, log and password
     */
    public static PostgresSettings of(Path dataDirectory, int port, Path logFile, String superuserPassword) {
        return new PostgresSettings(dataDirectory, LOOPBACK, port, logFile, superuserPassword, null,
                PostgresBinaries.defaultCacheRoot(), DEFAULT_MAX_CONNECTIONS, DEFAULT_START_TIMEOUT_SECONDS);
    }

    public PostgresSettings withPort(int newPort) {
        return new PostgresSettings(dataDirectory, host, newPort, logFile, superuserPassword, userUnderRoot,
                binariesCache, maxConnections, startTimeoutSeconds);
    }

    public PostgresSettings withUserUnderRoot(String newUserUnderRoot) {
        return new PostgresSettings(dataDirectory, host, port, logFile, superuserPassword, newUserUnderRoot,
                binariesCache, maxConnections, startTimeoutSeconds);
    }

    public PostgresSettings withMaxConnections(int newMaxConnections) {
        return new PostgresSettings(dataDirectory, host, port, logFile, superuserPassword, userUnderRoot,
                binariesCache, newMaxConnections, startTimeoutSeconds);
    }

    @Override
    public String toString() {
        // The password stays out of logs and exception messages.
        return "PostgresSettings[" + dataDirectory + ", " + host + ":" + port + ", log " + logFile + "]";
    }
}
