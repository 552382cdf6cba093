package dev.microledger.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real PostgreSQL server for all the tests of one JVM: started on first use in a fresh
 * temporary directory on a free port, stopped and deleted when the JVM exits. Tests share it and
 * keep apart by database: {@link #database} for one shared by a module's tests, {@link #freshDatabase}
 * for one nobody else has written to.
 */
public final class SharedTestPostgres {

    private static final Logger log = LoggerFactory.getLogger(SharedTestPostgres.class);

    /** Several Spring contexts with their pools may run in one test JVM. */
    private static final int MAX_CONNECTIONS = 300;

    private static final Set<String> created = ConcurrentHashMap.newKeySet();
    private static PostgresServer server;
    private static RuntimeException startFailure;

    private SharedTestPostgres() {
    }

    /**
     * The shared server, started by the first call.
     *
     * @return the running server
     * @throws IllegalStateException when it could not be started; later calls fail the same way at once
     */
    public static synchronized PostgresServer get() {
        if (server != null) {
            return server;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the shared test PostgreSQL failed to start earlier: " + startFailure.getMessage(), startFailure);
        }
        Path directory = createTemporaryDirectory();
        PostgresSettings settings = PostgresSettings.of(directory.resolve("postgres"), 0, directory.resolve("postgres.log"),
                PostgresServer.newPassword()).withMaxConnections(MAX_CONNECTIONS);
        try {
            server = PostgresServer.start(settings);
        } catch (RuntimeException exception) {
            startFailure = exception;
            throw exception;
        }
        PostgresServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started, directory), "shared-test-postgres-shutdown"));
        log.info("Shared test PostgreSQL is running on port {}; its log is {}", started.port(), settings.logFile());
        return started;
    }

    /**
     * A database of this name, created on first use; the tests of a JVM that name it share it.
     *
     * @param name lower-case letters, digits and '_'
     * @return the database, with the superuser's login
     */
    public static PostgresDatabase database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a database name is lower-case letters, digits and '_', got '" + name + "'");
        }
        PostgresServer running = get();
        synchronized (created) {
            if (created.add(name)) {
                running.execute("postgres", "CREATE DATABASE " + name);
            }
        }
        return new PostgresDatabase(running.jdbcUrl(name), PostgresServer.SUPERUSER, running.settings().superuserPassword());
    }

    /**
     * A new, empty database.
     *
     * @param prefix what the test calls it; a random suffix makes it new
     * @return the database, with the superuser's login
     */
    public static PostgresDatabase freshDatabase(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "db_" + cleaned;
        }
        String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return database(cleaned.substring(0, Math.min(cleaned.length(), 63 - suffix.length())) + suffix);
    }

    private static Path createTemporaryDirectory() {
        try {
            // Readable by others: under root the server runs as another user, who must enter it.
            Path directory = Files.createTempDirectory("micro-ledger-test-postgres");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            return directory;
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create a directory for the test PostgreSQL", exception);
        }
    }

    private static void stopAndDelete(PostgresServer started, Path directory) {
        started.close();
        try {
            PostgresBinaries.deleteRecursively(directory);
        } catch (IOException exception) {
            log.warn("Cannot delete the test PostgreSQL's directory {}: {}", directory, exception.getMessage());
        }
    }
}
