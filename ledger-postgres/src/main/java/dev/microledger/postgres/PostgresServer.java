package dev.microledger.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, run as a child process from the binaries on the class path
 * ({@link PostgresBinaries}), with its cluster in a directory that survives restarts: made by
 * {@code initdb} the first time, reused after that.
 *
 * <p>It listens on TCP on a loopback address only (no Unix socket), asks every login for its
 * password (SCRAM), and keeps PostgreSQL's durability: {@code fsync} and {@code synchronous_commit}
 * on. A JVM running as root runs it as an unprivileged user ({@link RunAs}).
 *
 * <p>It dies with its parent: the server runs under a small shell that holds the read end of a pipe
 * from this JVM and asks the server for a fast shutdown when the pipe closes, which happens when
 * {@link #close()} closes it and when this JVM ends in any way, {@code kill -9} included. A shutdown
 * hook closes the dependents registered with {@link #addDependent}, then the server.
 */
public final class PostgresServer implements AutoCloseable {

    /** The cluster's superuser, whose password is {@link PostgresSettings#superuserPassword()}. */
    public static final String SUPERUSER = "postgres";

    /** A fast shutdown rolls back open transactions and checkpoints; longer means it is stuck. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    static final int LOG_TAIL_LINES = 30;

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Set<PostgresServer> openServers = ConcurrentHashMap.newKeySet();

    /**
     * Runs the server ("$@") in the background and waits for it. A second background job reads
     * the inherited pipe (saved as fd 3: an asynchronous list's own stdin is /dev/null) until it
     * closes, then asks the server for a fast shutdown (SIGINT). SIGTERM to the shell does the same.
     */
    private static final String WATCH_SCRIPT = String.join("\n",
            "exec 3<&0",
            "\"$@\" &",
            "pid=$!",
            "( while read -r _ <&3; do :; done; kill -INT \"$pid\" 2>/dev/null ) &",
            "watcher=$!",
            "trap 'kill -INT \"$pid\" 2>/dev/null' TERM HUP",
            "status=0",
            "while kill -0 \"$pid\" 2>/dev/null; do wait \"$pid\"; status=$?; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::closeOpenServers, "postgres-shutdown"));
    }

    private final PostgresSettings settings;
    private final RunAs runAs;
    private final Process process;
    private final long postmasterPid;
    private final List<AutoCloseable> dependents = new ArrayList<>();
    private boolean closed;

    private PostgresServer(PostgresSettings settings, RunAs runAs, Process process, long postmasterPid) {
        this.settings = settings;
        this.runAs = runAs;
        this.process = process;
        this.postmasterPid = postmasterPid;
    }

    /**
     * Makes the cluster when the data directory holds none, starts the server and waits until it
     * answers a query.
     *
     * @param settings where and how to run it; port 0 is replaced by a free one
     * @return the running server
     * @throws IllegalStateException when it does not come up in time, with the tail of its log
     */
    public static PostgresServer start(PostgresSettings settings) {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.startTimeoutSeconds());
        PostgresSettings resolved = settings.port() == 0 ? settings.withPort(freePort(settings.host())) : settings;
        requireFree(resolved.host(), resolved.port());
        RunAs runAs = RunAs.forThisJvm(resolved.userUnderRoot());
        Path installation = PostgresBinaries.install(resolved.binariesCache());
        createLogDirectory(resolved.logFile());
        if (isCluster(resolved.dataDirectory())) {
            runAs.requireCanEnter(resolved.dataDirectory());
            log.info("PostgreSQL cluster {} exists; reusing it", resolved.dataDirectory());
        } else {
            initdb(resolved, runAs, installation, deadlineNanos);
        }

        log.info("Starting PostgreSQL {} on {}:{} as user {}, data in {}, log in {}", PostgresBinaries.VERSION,
                resolved.host(), resolved.port(), runAs.user(), resolved.dataDirectory(), resolved.logFile());
        long startNanos = System.nanoTime();
        Process process = launch(resolved, runAs, installation);
        try {
            awaitReady(resolved, process, deadlineNanos);
        } catch (RuntimeException exception) {
            stop(process, -1);
            throw exception;
        }
        PostgresServer server = new PostgresServer(resolved, runAs, process, readPostmasterPid(resolved.dataDirectory()));
        openServers.add(server);
        log.info("PostgreSQL is ready at {}:{} (pid {}) after {} ms", resolved.host(), resolved.port(), server.postmasterPid,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    /**
     * Whether the directory holds a PostgreSQL cluster.
     *
     * @param dataDirectory a directory
     * @return true when it has the {@code PG_VERSION} file {@code initdb} writes
     */
    public static boolean isCluster(Path dataDirectory) {
        return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"));
    }

    /** A random password of 32 hexadecimal digits (128 bits), for a login the caller keeps. */
    public static String newPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public PostgresSettings settings() {
        return settings;
    }

    public int port() {
        return settings.port();
    }

    /** @return the process id of the server itself (the postmaster) */
    public long pid() {
        return postmasterPid;
    }

    /** @return the user the server runs as */
    public String user() {
        return runAs.user();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The JDBC URL of one of its databases.
     *
     * @param database the database's name
     * @return {@code jdbc:postgresql://HOST:PORT/DATABASE}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + database;
    }

    /**
     * A connection as the superuser, for setting up databases and logins.
     *
     * @param database the database to connect to, such as {@code postgres}
     * @return an open connection; the caller closes it
     * @throws SQLException when the server refuses it
     */
    public Connection connectAsSuperuser(String database) throws SQLException {
        return connect(settings, database);
    }

    /**
     * Runs statements as the superuser, each in its own transaction.
     *
     * @param database the database to run them in
     * @param statements SQL statements
     */
    public void execute(String database, String... statements) {
        try (Connection connection = connectAsSuperuser(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException exception) {
            throw new IllegalStateException("PostgreSQL refused a setup statement in database " + database + ": "
                    + exception.getMessage(), exception);
        }
    }

    /**
     * Registers something that uses this server, such as a broker whose services use it, to be
     * closed before the server stops, by {@link #close()} and by the shutdown hook alike; the
     * last registered is closed first.
     *
     * @param dependent what to close first
     */
    public synchronized void addDependent(AutoCloseable dependent) {
        if (closed) {
            throw new IllegalStateException("PostgreSQL is stopped; start it again");
        }
        dependents.add(dependent);
    }

    /**
     * Lets go of a server that exited by itself (a crash, a {@code kill -9}) without stopping its
     * dependents, so that they can be handed to the server started in its place.
     *
     * @return its dependents, first registered first
     * @throws IllegalStateException while the server still runs
     */
    public synchronized List<AutoCloseable> releaseAfterExit() {
        if (ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("PostgreSQL (pid " + postmasterPid + ") is still running");
        }
        closed = true;
        openServers.remove(this);
        // The watching shell ends with the server; the pipe to it is closed so that nothing is left open.
        try {
            process.getOutputStream().close();
        } catch (IOException exception) {
            log.debug("closing PostgreSQL's pipe: {}", exception.getMessage());
        }
        List<AutoCloseable> released = new ArrayList<>(dependents);
        dependents.clear();
        return released;
    }

    /**
     * Closes the dependents, then asks the server for a fast shutdown and waits for it; kills it
     * after {@link #STOP_TIMEOUT}. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int index = dependents.size() - 1; index >= 0; index--) {
            try {
                dependents.get(index).close();
            } catch (Exception exception) {
                log.error("Stopping {} failed", dependents.get(index), exception);
            }
        }
        dependents.clear();
        openServers.remove(this);
        if (!process.isAlive()) {
            log.info("PostgreSQL (pid {}) had already exited with code {}", postmasterPid, process.exitValue());
            return;
        }
        log.info("Stopping PostgreSQL (pid {})", postmasterPid);
        long startNanos = System.nanoTime();
        stop(process, postmasterPid);
        log.info("PostgreSQL (pid {}) stopped after {} ms", postmasterPid,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return "PostgresServer[" + settings.host() + ":" + settings.port() + ", pid " + postmasterPid + ", data "
                + settings.dataDirectory() + "]";
    }

    private static void initdb(PostgresSettings settings, RunAs runAs, Path installation, long deadlineNanos) {
        Path dataDirectory = settings.dataDirectory();
        Path passwordFile = dataDirectory.resolveSibling("." + dataDirectory.getFileName() + "-initdb-password");
        try {
            if (Files.isDirectory(dataDirectory)) {
                try (Stream<Path> entries = Files.list(dataDirectory)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalStateException(dataDirectory + " holds files but no PostgreSQL cluster (no PG_VERSION):"
                                + " an earlier start may have been cut short while making it. Nothing was changed; move it aside"
                                + " if it holds nothing you need, and start again.");
                    }
                }
            }
            Files.createDirectories(dataDirectory);
            Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, settings.superuserPassword() + "\n", StandardCharsets.UTF_8);
            runAs.own(dataDirectory);
            runAs.own(passwordFile);
            runAs.requireCanEnter(dataDirectory);
            log.info("Making a new PostgreSQL cluster in {}", dataDirectory);
            List<String> command = runAs.wrap(List.of(
                    installation.resolve("bin").resolve("initdb").toString(),
                    "--pgdata=" + dataDirectory,
                    "--username=" + SUPERUSER,
                    "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile,
                    "--encoding=UTF8",
                    "--no-locale"));
            Process initdb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            if (!initdb.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                initdb.destroyForcibly();
                throw failure(settings, "initdb took longer than " + settings.startTimeoutSeconds() + " s");
            }
            if (initdb.exitValue() != 0 || !isCluster(dataDirectory)) {
                throw failure(settings, "initdb failed with exit code " + initdb.exitValue());
            }
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot make the PostgreSQL cluster in " + dataDirectory, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the PostgreSQL cluster", exception);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException exception) {
                log.warn("Cannot delete {}: {}", passwordFile, exception.getMessage());
            }
        }
    }

    private static Process launch(PostgresSettings settings, RunAs runAs, Path installation) {
        List<String> server = List.of(
                installation.resolve("bin").resolve("postgres").toString(),
                "-D", settings.dataDirectory().toString(),
                "-c", "listen_addresses=" + settings.host(),
                "-c", "port=" + settings.port(),
                "-c", "unix_socket_directories=",
                "-c", "max_connections=" + settings.maxConnections(),
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
                "-c", "logging_collector=off",
                "-c", "log_line_prefix=%m [%p] ");
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", WATCH_SCRIPT, "postgres-watch"));
        shell.addAll(server);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // A session of its own: Ctrl-C at the terminal reaches the launcher, which stops the
            // services before the database, rather than the database at once.
            command.add(SETSID.toString());
        }
        command.addAll(runAs.wrap(shell));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        builder.environment().put("LC_ALL", "C");
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        try {
            return builder.start();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot start PostgreSQL from " + installation, exception);
        }
    }

    private static void awaitReady(PostgresSettings settings, Process process, long deadlineNanos) {
        SQLException last = null;
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw failure(settings, "PostgreSQL exited with code " + process.exitValue() + " while starting");
            }
            try (Connection connection = connect(settings, "postgres"); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException exception) {
                last = exception;
                // 28P01: wrong password. Waiting does not help.
                if ("28P01".equals(exception.getSQLState())) {
                    throw failure(settings, "PostgreSQL refused the superuser's password: the data directory "
                            + settings.dataDirectory() + " belongs to other credentials");
                }
            }
            sleep(100);
        }
        throw failure(settings, "PostgreSQL did not answer within " + settings.startTimeoutSeconds() + " s"
                + (last == null ? "" : " (last: " + last.getMessage() + ")"));
    }

    private static Connection connect(PostgresSettings settings, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", settings.superuserPassword());
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + database,
                properties);
    }

    /** Closes the pipe (fast shutdown), waits, then kills the server and its shell. */
    private static void stop(Process shell, long postmasterPid) {
        try {
            shell.getOutputStream().close();
        } catch (IOException exception) {
            log.debug("closing PostgreSQL's pipe: {}", exception.getMessage());
        }
        try {
            if (shell.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
        log.error("PostgreSQL did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
        if (postmasterPid > 0) {
            ProcessHandle.of(postmasterPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        shell.destroyForcibly();
    }

    private static long readPostmasterPid(Path dataDirectory) {
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
            return Long.parseLong(first);
        } catch (IOException | RuntimeException exception) {
            throw new IllegalStateException("cannot read the server's pid from " + dataDirectory.resolve("postmaster.pid"), exception);
        }
    }

    private static IllegalStateException failure(PostgresSettings settings, String what) {
        return new IllegalStateException(what + "; last lines of " + settings.logFile() + ":" + System.lineSeparator()
                + logTail(settings.logFile()));
    }

    static String logTail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException exception) {
            return "(cannot read it: " + exception.getMessage() + ")";
        }
    }

    private static void createLogDirectory(Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create " + logFile.getParent(), exception);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot find a free port on " + host, exception);
        }
    }

    private static void requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException exception) {
            throw new IllegalStateException("PostgreSQL's port " + host + ":" + port + " is taken by another program;"
                    + " choose another with --postgres-port", exception);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", exception);
        }
    }

    private static void closeOpenServers() {
        for (PostgresServer server : List.copyOf(openServers)) {
            server.close();
        }
    }
}
