package dev.microledger.launcher;

import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.PostgresServer;
import dev.microledger.postgres.PostgresSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded default's PostgreSQL: one server under {@code DATA/postgres}, and on it one database
 * and one login per service, neither a superuser:
 *
 * <pre>
 * database ledger   owned by login ledger_service   (the event store)
 * database query    owned by login query_service    (the projections)
 * login analyst     in group ledger_analysts: reads every table of query, changes none
 * </pre>
 *
 * <p>Passwords are made once per data directory and kept in {@code DATA/credentials/}
 * ({@link Credentials}). Nobody but these logins may connect to these databases. Everything is set up again
 * at each start, so a login whose password file was replaced gets the new password.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String LEDGER_DATABASE = "ledger";
    static final String QUERY_DATABASE = "query";
    static final String LEDGER_LOGIN = "ledger_service";
    static final String QUERY_LOGIN = "query_service";
    static final String ANALYSTS_GROUP = "ledger_analysts";
    static final String ANALYST_LOGIN = "analyst";
    static final String SUPERUSER_PASSWORD_FILE = "postgres-superuser.password";
    static final String LEDGER_PASSWORD_FILE = "ledger-service.password";
    static final String QUERY_PASSWORD_FILE = "query-service.password";
    static final String ANALYST_PASSWORD_FILE = "analyst.password";

    /** The environment variable that names the user PostgreSQL runs as when the launcher is root. */
    static final String USER_VARIABLE = "MICRO_LEDGER_POSTGRES_USER";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final PostgresServer server;
    private final Credentials credentials;

    private EmbeddedDatabase(PostgresServer server, Credentials credentials) {
        this.server = server;
        this.credentials = credentials;
    }

    /**
     * Starts the server (making the cluster the first time) and sets up the databases and logins.
     *
     * @param dataDirectory the system's data directory; the cluster is its {@code postgres/}
     * @param port the port, 0 for any free one
     * @param logFile the server's log
     * @param credentials where the passwords are kept
     * @return the running database
     */
    static EmbeddedDatabase start(Path dataDirectory, int port, Path logFile, Credentials credentials) {
        PostgresSettings settings = PostgresSettings.of(dataDirectory.resolve("postgres"), port, logFile,
                        credentials.password(SUPERUSER_PASSWORD_FILE))
                .withUserUnderRoot(System.getenv(USER_VARIABLE));
        PostgresServer server = PostgresServer.start(settings);
        try {
            EmbeddedDatabase database = new EmbeddedDatabase(server, credentials);
            database.setUp();
            return database;
        } catch (RuntimeException exception) {
            server.close();
            throw exception;
        }
    }

    /**
     * Refuses a data directory that holds the H2 files of an earlier version, before anything in it
     * is touched: this version keeps its data in PostgreSQL and would otherwise start an empty ledger
     * beside them.
     *
     * @param dataDirectory the directory the launcher was given
     * @throws IllegalStateException naming the files found and what to do
     */
    static void refuseH2DataDirectory(Path dataDirectory) {
        List<Path> found = Stream.of("ledger", "query")
                .map(dataDirectory::resolve)
                .filter(Files::isDirectory)
                .flatMap(EmbeddedDatabase::h2Files)
                .toList();
        if (found.isEmpty()) {
            return;
        }
        throw new IllegalStateException(dataDirectory + " was made by an earlier version of micro-ledger, which kept its"
                + " data in H2 files (" + found.get(0) + (found.size() > 1 ? " and " + (found.size() - 1) + " more" : "")
                + "). This version keeps its data in PostgreSQL and cannot read them; nothing in the directory was changed."
                + " To go on with that ledger, run the version that made it. To start a new ledger, give another --data-dir.");
    }

    private static Stream<Path> h2Files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".mv.db")).toList().stream();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot read " + directory, exception);
        }
    }

    /**
     * Starts the server again on the same data, port and logins after it exited by itself, and
     * hands the old server's dependents to the new one. PostgreSQL recovers from its write-ahead
     * log: every committed transaction is there. The databases and logins exist already.
     *
     * @return the database on the new server
     * @throws IllegalStateException when it does not come up (old backends may still hold its memory:
     *                               try again later), with the tail of its log
     */
    EmbeddedDatabase startAgain() {
        PostgresServer started = PostgresServer.start(server.settings());
        for (AutoCloseable dependent : server.releaseAfterExit()) {
            started.addDependent(dependent);
        }
        return new EmbeddedDatabase(started, credentials);
    }

    /** @return whether the server's main process still runs */
    boolean isAlive() {
        return ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    PostgresServer server() {
        return server;
    }

    long pid() {
        return server.pid();
    }

    int port() {
        return server.port();
    }

    /** @return ledger-service's database and login */
    PostgresDatabase ledgerDatabase() {
        return new PostgresDatabase(server.jdbcUrl(LEDGER_DATABASE), LEDGER_LOGIN, credentials.password(LEDGER_PASSWORD_FILE));
    }

    /** @return query-service's database and login */
    PostgresDatabase queryDatabase() {
        return new PostgresDatabase(server.jdbcUrl(QUERY_DATABASE), QUERY_LOGIN, credentials.password(QUERY_PASSWORD_FILE));
    }

    /** @return the analysts' read-only login on query-service's database */
    PostgresDatabase analystDatabase() {
        return new PostgresDatabase(server.jdbcUrl(QUERY_DATABASE), ANALYST_LOGIN, credentials.password(ANALYST_PASSWORD_FILE));
    }

    /** @return the Spring properties that point ledger-service at its database; the password goes in the environment */
    List<String> ledgerArguments() {
        return List.of("--spring.datasource.url=" + server.jdbcUrl(LEDGER_DATABASE),
                "--spring.datasource.username=" + LEDGER_LOGIN);
    }

    Map<String, String> ledgerEnvironment() {
        return Map.of("SPRING_DATASOURCE_PASSWORD", credentials.password(LEDGER_PASSWORD_FILE));
    }

    /**
     * The same for a query-service.
     *
     * @param database its database, {@value #QUERY_DATABASE} or one made by {@link #createQueryDatabase}
     */
    List<String> queryArguments(String database) {
        return List.of("--spring.datasource.url=" + server.jdbcUrl(database),
                "--spring.datasource.username=" + QUERY_LOGIN);
    }

    Map<String, String> queryEnvironment() {
        return Map.of("SPRING_DATASOURCE_PASSWORD", credentials.password(QUERY_PASSWORD_FILE));
    }

    /**
     * A database for one more query-service, such as one that rebuilds the projections from the
     * topic; made empty the first time, kept after that.
     *
     * @param name lower-case letters, digits and '-'
     * @return the database's name
     */
    String createQueryDatabase(String name) {
        String database = "query_" + name.replace('-', '_');
        try (Connection connection = server.connectAsSuperuser("postgres")) {
            createDatabaseIfMissing(connection, database, QUERY_LOGIN);
        } catch (SQLException exception) {
            throw new IllegalStateException("cannot create database " + database + ": " + exception.getMessage(), exception);
        }
        return database;
    }

    @Override
    public void close() {
        server.close();
    }

    private void setUp() {
        try (Connection connection = server.connectAsSuperuser("postgres")) {
            login(connection, LEDGER_LOGIN, credentials.password(LEDGER_PASSWORD_FILE));
            login(connection, QUERY_LOGIN, credentials.password(QUERY_PASSWORD_FILE));
            if (!roleExists(connection, ANALYSTS_GROUP)) {
                execute(connection, "CREATE ROLE " + ANALYSTS_GROUP + " NOLOGIN");
            }
            login(connection, ANALYST_LOGIN, credentials.password(ANALYST_PASSWORD_FILE));
            execute(connection, "GRANT " + ANALYSTS_GROUP + " TO " + ANALYST_LOGIN,
                    "ALTER ROLE " + ANALYST_LOGIN + " SET default_transaction_read_only = on",
                    "ALTER ROLE " + ANALYST_LOGIN + " SET statement_timeout = '60s'");
            createDatabaseIfMissing(connection, LEDGER_DATABASE, LEDGER_LOGIN);
            createDatabaseIfMissing(connection, QUERY_DATABASE, QUERY_LOGIN);
            execute(connection, "GRANT CONNECT ON DATABASE " + QUERY_DATABASE + " TO " + ANALYSTS_GROUP);
        } catch (SQLException exception) {
            throw new IllegalStateException("cannot set up the databases on the embedded PostgreSQL: " + exception.getMessage(),
                    exception);
        }
        // The analysts read what exists now and whatever query_service's migrations create later.
        server.execute(QUERY_DATABASE,
                "GRANT USAGE ON SCHEMA public TO " + ANALYSTS_GROUP,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + ANALYSTS_GROUP,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + QUERY_LOGIN + " IN SCHEMA public GRANT SELECT ON TABLES TO " + ANALYSTS_GROUP);
        log.info("PostgreSQL databases {} and {} are ready on port {}; analysts' read-only login: {} (password in {})",
                LEDGER_DATABASE, QUERY_DATABASE, server.port(), ANALYST_LOGIN,
                credentials.directory().resolve(ANALYST_PASSWORD_FILE));
    }

    /** A login that is nothing but a login: no superuser, no new databases, no new roles. */
    private static void login(Connection connection, String name, String password) throws SQLException {
        String verb = roleExists(connection, name) ? "ALTER" : "CREATE";
        // The password is 32 hexadecimal digits (Credentials.password), so quoting it is safe.
        requireHex(password);
        execute(connection, verb + " ROLE " + name + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                + " PASSWORD '" + password + "'");
    }

    private static void createDatabaseIfMissing(Connection connection, String database, String owner) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    execute(connection, "CREATE DATABASE " + database + " OWNER " + owner + " ENCODING 'UTF8'");
                }
            }
        }
        execute(connection, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
                "GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + owner);
    }

    private static boolean roleExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void requireHex(String password) {
        if (!password.matches("[0-9a-f]{32,128}")) {
            throw new IllegalStateException("a database password in credentials/ is not 32 or more hexadecimal digits;"
                    + " delete the file to have a new one made");
        }
    }
}
