package dev.microledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.microledger.broker.KafkaBroker;
import dev.microledger.broker.KafkaBrokerSettings;
import dev.microledger.broker.KafkaLogin;
import dev.microledger.broker.LedgerAcls;
import dev.microledger.broker.ParentWatchAgent;
import dev.microledger.postgres.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole micro-ledger on one machine: a PostgreSQL server, a Kafka broker, ledger-service and
 * query-service, each in its own child process, with every file under one data directory.
 *
 * <pre>
 * DATA/postgres/         the PostgreSQL cluster: databases ledger (the event store) and query (the projections)
 * DATA/kafka/            the broker's topics and metadata
 * DATA/logs/             postgres.log, kafka.log, ledger-service.log, query-service.log
 * DATA/credentials/      keys, database and Kafka passwords, readable by their owner alone ({@link Credentials})
 * DATA/.lock             held while the system runs: one owner per data directory ({@link DataDirectoryLock})
 * </pre>
 *
 * <p>Starting it again on the same data directory resumes with the same data. {@link #close()}
 * stops query-service, then ledger-service, then the broker, then PostgreSQL, so nothing loses what
 * it depends on while it is still shutting down; the same happens when the JVM exits. A child also
 * ends by itself when this JVM is killed with {@code kill -9} (see {@link ParentWatchAgent} and
 * {@link dev.microledger.postgres.PostgresServer}).
 */
public final class EmbeddedSystem implements AutoCloseable {

    /** The system property that overrides where the services' jars are looked for. */
    public static final String SERVICES_DIRECTORY_PROPERTY = "microledger.services.dir";

    static final String LEDGER_SERVICE = "ledger-service";
    static final String QUERY_SERVICE = "query-service";
    static final String KAFKA_BROKER = "Kafka broker";
    static final String POSTGRESQL = "PostgreSQL";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSystem.class);

    /** A revocation binds within 5 s; a new key is known as fast, given some room for a busy machine. */
    private static final Duration KEY_PROPAGATION_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    /** Replaced when PostgreSQL is started again after a crash; see {@link #supervise()}. */
    private volatile EmbeddedDatabase database;
    /** Replaced when the broker is started again after a crash; see {@link #supervise()}. */
    private volatile KafkaBroker broker;
    private final Path agentJar;
    private final List<String> ledgerArguments;
    private final List<String> queryArguments;
    /** Replaced when query-service is started again after a crash; see {@link #supervise()}. */
    private volatile ServiceProcess queryService;
    private final Restarts restarts = new Restarts();
    private final Credentials credentials;
    private final String operatorKey;
    private final DataDirectoryLock lock;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Replaced when ledger-service is restarted; see {@link #restartLedgerService()}. */
    private volatile ServiceProcess ledgerService;

    private EmbeddedSystem(Settings settings, EmbeddedDatabase database, KafkaBroker broker, Path agentJar,
            List<String> ledgerArguments, List<String> queryArguments, ServiceProcess ledgerService,
            ServiceProcess queryService, Credentials credentials, String operatorKey, DataDirectoryLock lock) {
        this.lock = lock;
        this.database = database;
        this.settings = settings;
        this.credentials = credentials;
        this.operatorKey = operatorKey;
        this.broker = broker;
        this.agentJar = agentJar;
        this.ledgerArguments = ledgerArguments;
        this.queryArguments = queryArguments;
        this.ledgerService = ledgerService;
        this.queryService = queryService;
    }

    /**
     * Starts PostgreSQL, the broker, then ledger-service, then query-service, and returns once both services
     * report healthy. When anything fails, whatever was started is stopped again.
     *
     * @param settings where the data is and which ports to use; ports given as 0 are replaced by free ones
     * @return the running system
     * @throws IllegalStateException when a jar is missing, a port is taken or a part does not come up,
     *     with the tail of that part's log in the message
     */
    public static EmbeddedSystem start(Settings settings) {
        Path ledgerJar = settings.servicesDirectory().resolve(LEDGER_SERVICE + ".jar");
        Path queryJar = settings.servicesDirectory().resolve(QUERY_SERVICE + ".jar");
        ServiceProcess.requireRunnableJar(ledgerJar);
        ServiceProcess.requireRunnableJar(queryJar);
        EmbeddedDatabase.refuseH2DataDirectory(settings.dataDirectory());
        DataDirectoryLock lock = DataDirectoryLock.acquire(settings.dataDirectory());
        try {
            return start(settings, ledgerJar, queryJar, lock);
        } catch (RuntimeException exception) {
            lock.close();
            throw exception;
        }
    }

    private static EmbeddedSystem start(Settings settings, Path ledgerJar, Path queryJar, DataDirectoryLock lock) {
        Settings resolved = settings.withFreePortsForZeros();
        resolved.requirePortsFree();
        resolved.createDirectories();
        Credentials credentials = Credentials.prepare(resolved.dataDirectory(), System.getenv(Credentials.ADMIN_KEY_VARIABLE));

        EmbeddedDatabase database = EmbeddedDatabase.start(resolved.dataDirectory(), resolved.postgresPort(),
                resolved.postgresLogFile(), credentials);
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(new KafkaBrokerSettings(
                    resolved.kafkaDirectory(), LocalPorts.LOOPBACK, resolved.kafkaPort(), resolved.kafkaControllerPort(),
                    KafkaBrokerSettings.DEFAULT_START_TIMEOUT_SECONDS, resolved.kafkaLogFile(), credentials.directory()));
            // PostgreSQL's own shutdown hook stops the broker, and so the services, before itself.
            database.server().addDependent(broker);
            // At every start: it makes the users of a data directory from before they existed, and
            // takes a password file that was replaced.
            broker.ensureLedgerLogins(credentials.password(Credentials.KAFKA_LEDGER_PASSWORD_FILE),
                    credentials.password(Credentials.KAFKA_QUERY_PASSWORD_FILE));
        } catch (RuntimeException exception) {
            database.close();
            throw exception;
        }
        try {
            Path agentJar = ParentWatchAgent.writeAgentJar(resolved.dataDirectory().resolve("launcher").resolve("parent-watch.jar"));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Duration serviceStartTimeout = Duration.ofSeconds(resolved.serviceStartTimeoutSeconds());

            // The broker stops its dependents before itself, the last registered first: query-service,
            // then ledger-service. ledger-service starts first: it creates the topic query-service consumes.
            List<String> ledgerArguments = Settings.withOverrides(List.of(
                            "--server.port=" + resolved.ledgerPort(),
                            "--server.address=" + LocalPorts.LOOPBACK,
                            "--ledger.kafka.bootstrap-servers=" + broker.bootstrapServers()),
                    database.ledgerArguments(), resolved.ledgerArguments());
            ServiceProcess ledgerService = ServiceProcess.start(LEDGER_SERVICE, ledgerJar, resolved.ledgerPort(),
                    ledgerArguments, agentJar, resolved.dataDirectory(), resolved.ledgerLogFile(),
                    ledgerEnvironment(credentials, database));
            stopWithBroker(broker, ledgerService);
            ledgerService.awaitHealthy(client, serviceStartTimeout);

            List<String> queryArguments = Settings.withOverrides(List.of(
                            "--server.port=" + resolved.queryPort(),
                            "--server.address=" + LocalPorts.LOOPBACK,
                            "--query.kafka.bootstrap-servers=" + broker.bootstrapServers()),
                    database.queryArguments(EmbeddedDatabase.QUERY_DATABASE), resolved.queryArguments());
            ServiceProcess queryService = ServiceProcess.start(QUERY_SERVICE, queryJar, resolved.queryPort(), queryArguments,
                    agentJar, resolved.dataDirectory(), resolved.queryLogFile(), queryEnvironment(credentials, database));
            stopWithBroker(broker, queryService);
            queryService.awaitHealthy(client, serviceStartTimeout);

            String operatorKey = credentials.keptKey(ledgerService.url(), Credentials.OPERATOR_FILE, "launcher operator",
                    List.of("operator"));
            awaitKnownByQueryService(queryService.url(), operatorKey);
            return new EmbeddedSystem(resolved, database, broker, agentJar, ledgerArguments, queryArguments, ledgerService,
                    queryService, credentials, operatorKey, lock);
        } catch (RuntimeException exception) {
            database.close();
            throw exception;
        }
    }

    /**
     * Stops ledger-service with SIGTERM, as an operator's restart would, and starts it again with
     * the same data, port and arguments. Returns as soon as the new process runs, without waiting
     * for it to be healthy, so the caller can time how long the service takes to answer again.
     * The new process is stopped with the system; its output is appended to the same log.
     *
     * @return the process id of the new ledger-service
     * @throws IllegalStateException when the system is closing
     */
    public synchronized long restartLedgerService() {
        if (closing.get()) {
            throw new IllegalStateException("the system is closing; ledger-service is not restarted");
        }
        ledgerService.close();
        ServiceProcess restarted = ServiceProcess.start(LEDGER_SERVICE, settings.servicesDirectory().resolve(LEDGER_SERVICE + ".jar"),
                settings.ledgerPort(), ledgerArguments, agentJar, settings.dataDirectory(), settings.ledgerLogFile(),
                ledgerEnvironment(credentials, database));
        stopWithBroker(broker, restarted);
        ledgerService = restarted;
        return restarted.pid();
    }

    /**
     * Starts one more query-service on the same broker and topic, for instance to rebuild the
     * projections from the topic into a fresh database. It uses a database of its own,
     * {@code query_NAME} on the system's PostgreSQL (kept across starts), and its own log
     * {@code DATA/logs/NAME.log} on a free port; arguments
     * such as {@code --query.kafka.group-id} or {@code --spring.datasource.url} replace the
     * launcher's. Returns once it reports healthy; it is stopped by closing it, or with the system.
     *
     * @param name a name for its directory and log, letters, digits and '-'
     * @param extraArguments {@code --name=value} words; each replaces the launcher's own setting of that name
     * @return the running service
     */
    public ExtraService startQueryService(String name, List<String> extraArguments) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("a service name is lower-case letters, digits and '-', got '" + name + "'");
        }
        List<String> arguments = Settings.requireServiceArguments("extraArguments", extraArguments);
        int port = LocalPorts.pick();
        String databaseName = database.createQueryDatabase(name);
        ServiceProcess service = ServiceProcess.start(name, settings.servicesDirectory().resolve(QUERY_SERVICE + ".jar"), port,
                Settings.withOverrides(List.of(
                        "--server.port=" + port,
                        "--server.address=" + LocalPorts.LOOPBACK,
                        "--query.kafka.bootstrap-servers=" + broker.bootstrapServers()),
                        database.queryArguments(databaseName), arguments),
                agentJar, settings.dataDirectory(), settings.logDirectory().resolve(name + ".log"),
                queryEnvironment(credentials, database));
        stopWithBroker(broker, service);
        try {
            service.awaitHealthy(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                    Duration.ofSeconds(settings.serviceStartTimeoutSeconds()));
        } catch (RuntimeException exception) {
            service.close();
            throw exception;
        }
        return new ExtraService(service);
    }

    /**
     * Where the services' jars are when nobody says otherwise: the system property
     * {@value #SERVICES_DIRECTORY_PROPERTY}, else {@code services/} beside the launcher's jar
     * (or beside its classes directory, which is {@code target/services} in a build).
     *
     * @return the absolute directory
     */
    public static Path defaultServicesDirectory() {
        String configured = System.getProperty(SERVICES_DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path codeSource = Path.of(EmbeddedSystem.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toAbsolutePath().getParent().resolve("services");
        } catch (URISyntaxException exception) {
            throw new IllegalStateException("cannot tell where the launcher's jar is; set -D" + SERVICES_DIRECTORY_PROPERTY, exception);
        }
    }

    /** @return the keys of this data directory; its admin key is the one ledger-service was started with */
    public Credentials credentials() {
        return credentials;
    }

    public String adminKey() {
        return credentials.adminKey();
    }

    /** @return the operator key the launcher keeps for its own commands */
    public String operatorKey() {
        return operatorKey;
    }

    /**
     * Creates a key with the admin key, as {@code POST /admin/keys} does.
     *
     * @param name what it is for
     * @param roles its roles, such as {@code payments}
     * @return the new key
     */
    public String createKey(String name, String... roles) {
        String key = Credentials.createKey(ledgerUrl(), credentials.adminKey(), name, List.of(roles));
        awaitKnownByQueryService(queryService.url(), key);
        return key;
    }

    /**
     * The key kept in the data directory's {@code credentials/<file>}, made the first time.
     *
     * @return the key, known to both services
     */
    public String keptKey(String file, String name, String... roles) {
        String key = credentials.keptKey(ledgerUrl(), file, name, List.of(roles));
        awaitKnownByQueryService(queryService.url(), key);
        return key;
    }

    /** query-service learns a new key from the key topic within a moment; until then it answers 401. */
    private static void awaitKnownByQueryService(String queryUrl, String key) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + KEY_PROPAGATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int status = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(queryUrl + "/accounts/key-check"))
                        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(5)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 401) {
                    return;
                }
                Thread.sleep(100);
            } catch (IOException exception) {
                log.debug("query-service did not answer while waiting for a key: {}", exception.getMessage());
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("query-service did not learn a new key within " + KEY_PROPAGATION_TIMEOUT.toSeconds() + " s");
    }

    public String ledgerUrl() {
        return ledgerService.url();
    }

    public String queryUrl() {
        return queryService.url();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /**
     * The settings the system runs with, with the ports that were actually chosen.
     *
     * @return the effective settings
     */
    public Settings settings() {
        return settings;
    }

    /** @return ledger-service's database (the event store) and its login, for tools that read it */
    public PostgresDatabase ledgerDatabase() {
        return database.ledgerDatabase();
    }

    /** @return query-service's database (the projections) and its login */
    public PostgresDatabase queryDatabase() {
        return database.queryDatabase();
    }

    /** @return the read-only login analysts use on query-service's database */
    public PostgresDatabase analystDatabase() {
        return database.analystDatabase();
    }

    public long postgresPid() {
        return database.pid();
    }

    /** @return the broker's super user, for tools such as the benchmark; never given to a service */
    public KafkaLogin brokerAdminLogin() {
        return broker.adminLogin();
    }

    public long brokerPid() {
        return broker.pid();
    }

    public long ledgerPid() {
        return ledgerService.pid();
    }

    public long queryPid() {
        return queryService.pid();
    }

    /**
     * Blocks until one of the four processes exits, which only happens by itself when it fails
     * or when the system is being closed.
     *
     * @return the name of the process that exited first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public String awaitFirstExit() throws InterruptedException {
        CompletableFuture<String> firstExit = new CompletableFuture<>();
        ledgerService.onExit().thenRun(() -> firstExit.complete(LEDGER_SERVICE));
        queryService.onExit().thenRun(() -> firstExit.complete(QUERY_SERVICE));
        ProcessHandle.of(broker.pid()).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> firstExit.complete(KAFKA_BROKER)),
                () -> firstExit.complete(KAFKA_BROKER));
        ProcessHandle.of(database.pid()).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> firstExit.complete(POSTGRESQL)),
                () -> firstExit.complete(POSTGRESQL));
        try {
            return firstExit.get();
        } catch (ExecutionException exception) {
            throw new IllegalStateException("waiting for the processes to exit failed", exception);
        }
    }

    /**
     * Watches the processes until the system closes. A process that exits by itself (a crash, an
     * out-of-memory exit, a {@code kill -9}) is started again on its own, after a pause that doubles
     * from 1 s to 30 s while it keeps dying soon after its starts, and the rest of the system goes on
     * meanwhile: payments need neither query-service nor the broker, since the event store is the
     * outbox, and the services reconnect to the broker by themselves. Without PostgreSQL the ledger
     * refuses payments (503) until it is back, and the services reconnect to it by themselves; it
     * recovers every committed transaction from its write-ahead log.
     *
     * It returns once the system closes.
     *
     * @throws InterruptedException when the supervising thread is interrupted
     */
    public void supervise() throws InterruptedException {
        while (true) {
            String exited = awaitFirstExit();
            if (closing.get()) {
                return;
            }
            if (exited.equals(KAFKA_BROKER)) {
                startBrokerAgainAfterCrash();
            } else if (exited.equals(LEDGER_SERVICE) || exited.equals(QUERY_SERVICE)) {
                startAgainAfterCrash(exited);
            } else {
                startDatabaseAgainAfterCrash();
            }
        }
    }

    /**
     * Starts the broker again on the same data, ports and logins. The services are its dependents
     * again, so that a stop still stops them before it; they reconnect on their own, and the
     * ledger's publisher sends what it owes once the broker answers.
     */
    private void startBrokerAgainAfterCrash() throws InterruptedException {
        KafkaBroker dead;
        synchronized (this) {
            dead = broker;
            if (dead.isAlive()) {
                return;
            }
        }
        long exitedNanos = System.nanoTime();
        Duration pause = restarts.next(KAFKA_BROKER, exitedNanos);
        log.error("The Kafka broker (pid {}) exited by itself; starting it again in {} s, the services go on and the "
                + "ledger keeps taking payments. Its log: {}", dead.pid(), pause.toSeconds(), dead.settings().logFile());
        Thread.sleep(pause.toMillis());
        synchronized (this) {
            if (closing.get()) {
                return;
            }
            KafkaBroker started;
            try {
                started = KafkaBroker.start(dead.settings());
                started.ensureLedgerLogins(credentials.password(Credentials.KAFKA_LEDGER_PASSWORD_FILE),
                        credentials.password(Credentials.KAFKA_QUERY_PASSWORD_FILE));
            } catch (RuntimeException exception) {
                // The next round of supervise() sees no live broker and tries again after a longer pause.
                log.error("The Kafka broker did not come back: {}", exception.getMessage());
                return;
            }
            database.server().addDependent(started);
            started.addDependent(ledgerService);
            started.addDependent(queryService);
            broker = started;
            log.info("The Kafka broker is back (pid {}), {} ms after its predecessor exited", started.pid(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitedNanos));
        }
    }

    /**
     * Starts PostgreSQL again on the same data, port and logins. The broker and the services stay
     * up: their connection pools open new connections once it answers. Backends of the old server
     * may hold its shared memory for a moment after it died; a start that fails for that is tried
     * again by the next round of {@link #supervise()}, after a longer pause.
     */
    private void startDatabaseAgainAfterCrash() throws InterruptedException {
        EmbeddedDatabase dead;
        synchronized (this) {
            dead = database;
            if (dead.isAlive()) {
                return;
            }
        }
        long exitedNanos = System.nanoTime();
        Duration pause = restarts.next(POSTGRESQL, exitedNanos);
        log.error("PostgreSQL (pid {}) exited by itself; starting it again on the same data in {} s. Until it is back "
                + "the ledger refuses payments (503, try again) and the projection waits; nothing acknowledged is lost. "
                + "Its log: {}", dead.pid(), pause.toSeconds(), settings.postgresLogFile());
        Thread.sleep(pause.toMillis());
        synchronized (this) {
            if (closing.get()) {
                return;
            }
            EmbeddedDatabase started;
            try {
                started = dead.startAgain();
            } catch (RuntimeException exception) {
                log.error("PostgreSQL did not come back yet: {}", exception.getMessage());
                return;
            }
            database = started;
            log.info("PostgreSQL is back (pid {}), {} ms after its predecessor exited; the services reconnect by "
                    + "themselves", started.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitedNanos));
        }
    }

    private void startAgainAfterCrash(String name) throws InterruptedException {
        ServiceProcess dead;
        // restartLedgerService() replaces the process under this lock: a service it stopped on purpose is not restarted.
        synchronized (this) {
            dead = name.equals(LEDGER_SERVICE) ? ledgerService : queryService;
            if (dead.isAlive()) {
                return;
            }
        }
        long exitedNanos = System.nanoTime();
        Duration pause = restarts.next(name, exitedNanos);
        log.error("{} (pid {}) exited by itself with code {}; starting it again in {} s, the rest of the system goes on. "
                        + "Its log: {}", name, dead.pid(), dead.exitCode(), pause.toSeconds(), dead.logFile());
        Thread.sleep(pause.toMillis());
        ServiceProcess started;
        synchronized (this) {
            if (closing.get()) {
                return;
            }
            boolean ledger = name.equals(LEDGER_SERVICE);
            started = ServiceProcess.start(name, settings.servicesDirectory().resolve(name + ".jar"),
                    ledger ? settings.ledgerPort() : settings.queryPort(), ledger ? ledgerArguments : queryArguments,
                    agentJar, settings.dataDirectory(), ledger ? settings.ledgerLogFile() : settings.queryLogFile(),
                    ledger ? ledgerEnvironment(credentials, database) : queryEnvironment(credentials, database));
            stopWithBroker(broker, started);
            if (ledger) {
                ledgerService = started;
            } else {
                queryService = started;
            }
        }
        try {
            started.awaitHealthy(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                    Duration.ofSeconds(settings.serviceStartTimeoutSeconds()));
            log.info("{} is back (pid {}), ready {} ms after its predecessor exited", name, started.pid(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitedNanos));
        } catch (IllegalStateException exception) {
            // It exited while starting, or hangs: the next round of supervise() sees the exit, or the log says why.
            log.error("{} did not come back: {}", name, exception.getMessage());
        }
    }

    /** The pause before each restart of a service: doubling while it dies within a minute of its last start. */
    private static final class Restarts {

        private static final Duration FIRST = Duration.ofSeconds(1);
        private static final Duration MAX = Duration.ofSeconds(30);
        private static final Duration STABLE = Duration.ofSeconds(60);

        private final java.util.Map<String, long[]> last = new java.util.HashMap<>();

        /** @return the pause before starting {@code name} again; {0: last start nanos, 1: pause millis} per name */
        synchronized Duration next(String name, long nowNanos) {
            long[] state = last.get(name);
            long pauseMillis = FIRST.toMillis();
            if (state != null && nowNanos - state[0] < STABLE.toNanos()) {
                pauseMillis = Math.min(MAX.toMillis(), state[1] * 2);
            }
            last.put(name, new long[] {nowNanos + TimeUnit.MILLISECONDS.toNanos(pauseMillis), pauseMillis});
            return Duration.ofMillis(pauseMillis);
        }
    }

    /**
     * Whether {@link #close()} has begun.
     *
     * @return true once closing started
     */
    public boolean isClosing() {
        return closing.get();
    }

    /** Stops query-service, ledger-service, the broker and PostgreSQL, in that order; calling it again does nothing. */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            log.info("Stopping micro-ledger");
        }
        // A second caller, such as the shutdown hook after a failure, waits here until the first is done.
        broker.close();
        database.close();
        lock.close();
    }

    // The broker refuses new dependents once it is closing, for instance because Ctrl-C came
    // during the start: the service just started must then be stopped here.
    private static void stopWithBroker(KafkaBroker broker, ServiceProcess service) {
        try {
            broker.addDependent(service);
        } catch (IllegalStateException exception) {
            service.close();
            throw exception;
        }
    }

    private static java.util.Map<String, String> ledgerEnvironment(Credentials credentials, EmbeddedDatabase database) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(database.ledgerEnvironment());
        environment.put(Credentials.ADMIN_KEY_VARIABLE, credentials.adminKey());
        environment.put(Credentials.EVENT_CHAIN_KEY_VARIABLE, credentials.eventChainKey());
        environment.putAll(kafkaLogin(LedgerAcls.LEDGER_SERVICE_USERNAME, credentials.password(Credentials.KAFKA_LEDGER_PASSWORD_FILE)));
        return java.util.Map.copyOf(environment);
    }

    private static java.util.Map<String, String> queryEnvironment(Credentials credentials, EmbeddedDatabase database) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(database.queryEnvironment());
        environment.put(Credentials.EVENT_CHAIN_KEY_VARIABLE, credentials.eventChainKey());
        environment.putAll(kafkaLogin(LedgerAcls.QUERY_SERVICE_USERNAME, credentials.password(Credentials.KAFKA_QUERY_PASSWORD_FILE)));
        return java.util.Map.copyOf(environment);
    }

    // In the child's environment, never on its command line, where any user of the machine could read it.
    // The username is set too, so that a KAFKA_USERNAME in the launcher's own environment does not reach the child.
    private static java.util.Map<String, String> kafkaLogin(String username, String password) {
        return java.util.Map.of("KAFKA_USERNAME", username, "KAFKA_PASSWORD", password);
    }

    /** A service started by {@link #startQueryService}, beside the system's own. */
    public static final class ExtraService implements AutoCloseable {

        private final ServiceProcess process;

        private ExtraService(ServiceProcess process) {
            this.process = process;
        }

        public String url() {
            return process.url();
        }

        public long pid() {
            return process.pid();
        }

        public Path logFile() {
            return process.logFile();
        }

        /** Stops it with SIGTERM, then kills it after 30 s; calling it again does nothing. */
        @Override
        public void close() {
            process.close();
        }
    }

    /**
     * How to run the system.
     *
     * @param dataDirectory where all data and logs are kept
     * @param ledgerPort ledger-service's HTTP port, 0 for any free port
     * @param queryPort query-service's HTTP port, 0 for any free port
     * @param kafkaPort the Kafka client port, 0 for any free port
     * @param kafkaControllerPort the Kafka controller port, 0 for any free port
     * @param postgresPort the PostgreSQL port, 0 for any free port
     * @param servicesDirectory where {@code ledger-service.jar} and {@code query-service.jar} are
     * @param serviceStartTimeoutSeconds how long each service may take to report healthy
     * @param ledgerArguments extra Spring Boot command-line properties for ledger-service, {@code --name=value};
     *     one that names a property the launcher sets itself (such as {@code --spring.datasource.url}) replaces it
     * @param queryArguments the same for query-service
     */
    public record Settings(
            Path dataDirectory,
            int ledgerPort,
            int queryPort,
            int kafkaPort,
            int kafkaControllerPort,
            int postgresPort,
            Path servicesDirectory,
            int serviceStartTimeoutSeconds,
            List<String> ledgerArguments,
            List<String> queryArguments) {

        public static final int DEFAULT_SERVICE_START_TIMEOUT_SECONDS = 120;

        /** More extra arguments than this for one service is a mistake, not a configuration. */
        static final int SERVICE_ARGUMENT_COUNT_MAX = 64;

        /** A service that needs longer than this to start is hung, not slow. */
        static final int SERVICE_START_TIMEOUT_SECONDS_MAX = 600;

        private static final int PORT_MAX = 65_535;
        private static final int PORT_PICK_ATTEMPTS_MAX = 100;

        public Settings {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(servicesDirectory, "servicesDirectory");
            for (int port : List.of(ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort)) {
                if (port < 0 || port > PORT_MAX) {
                    throw new IllegalArgumentException("ports must be between 0 and " + PORT_MAX + ", got " + port);
                }
            }
            List<Integer> fixedPorts = List.of(ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort).stream()
                    .filter(port -> port != 0)
                    .toList();
            if (fixedPorts.stream().distinct().count() != fixedPorts.size()) {
                throw new IllegalArgumentException("the five ports must differ, got " + fixedPorts);
            }
            if (serviceStartTimeoutSeconds < 1 || serviceStartTimeoutSeconds > SERVICE_START_TIMEOUT_SECONDS_MAX) {
                throw new IllegalArgumentException("serviceStartTimeoutSeconds must be between 1 and "
                        + SERVICE_START_TIMEOUT_SECONDS_MAX + ", got " + serviceStartTimeoutSeconds);
            }
            dataDirectory = dataDirectory.toAbsolutePath().normalize();
            servicesDirectory = servicesDirectory.toAbsolutePath().normalize();
            ledgerArguments = requireServiceArguments("ledgerArguments", ledgerArguments);
            queryArguments = requireServiceArguments("queryArguments", queryArguments);
        }

        /** The settings without extra service arguments, as the launcher's command line gives them. */
        public Settings(Path dataDirectory, int ledgerPort, int queryPort, int kafkaPort, int kafkaControllerPort,
                int postgresPort, Path servicesDirectory, int serviceStartTimeoutSeconds) {
            this(dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort, servicesDirectory,
                    serviceStartTimeoutSeconds, List.of(), List.of());
        }

        /**
         * The defaults: ports 8080, 8081, 9092, 9093 and 5432, services from {@link #defaultServicesDirectory()}.
         *
         * @param dataDirectory where all data and logs are kept
         * @return the default settings for that directory
         */
        public static Settings defaults(Path dataDirectory) {
            return new Settings(dataDirectory, LauncherOptions.DEFAULT_LEDGER_PORT, LauncherOptions.DEFAULT_QUERY_PORT,
                    LauncherOptions.DEFAULT_KAFKA_PORT, LauncherOptions.DEFAULT_KAFKA_CONTROLLER_PORT,
                    LauncherOptions.DEFAULT_POSTGRES_PORT, defaultServicesDirectory(), DEFAULT_SERVICE_START_TIMEOUT_SECONDS);
        }

        /**
         * The same settings on other ports.
         *
         * @return a copy with the ports replaced; 0 means any free port
         */
        public Settings withPorts(int newLedgerPort, int newQueryPort, int newKafkaPort, int newKafkaControllerPort,
                int newPostgresPort) {
            return new Settings(dataDirectory, newLedgerPort, newQueryPort, newKafkaPort, newKafkaControllerPort, newPostgresPort,
                    servicesDirectory, serviceStartTimeoutSeconds, ledgerArguments, queryArguments);
        }

        /**
         * The same settings with the services' jars taken from another directory.
         *
         * @return a copy with the services directory replaced
         */
        public Settings withServicesDirectory(Path newServicesDirectory) {
            return new Settings(dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort,
                    newServicesDirectory, serviceStartTimeoutSeconds, ledgerArguments, queryArguments);
        }

        /**
         * The same settings with extra command-line properties for ledger-service, for instance
         * {@code --ledger.group-commit.enabled=false} or another {@code --spring.datasource.url}.
         *
         * @param newLedgerArguments {@code --name=value} words; each replaces the launcher's own setting of that name
         * @return a copy with ledger-service's extra arguments replaced
         */
        public Settings withLedgerArguments(List<String> newLedgerArguments) {
            return new Settings(dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort,
                    servicesDirectory, serviceStartTimeoutSeconds, newLedgerArguments, queryArguments);
        }

        /**
         * The same settings with extra command-line properties for query-service.
         *
         * @param newQueryArguments {@code --name=value} words; each replaces the launcher's own setting of that name
         * @return a copy with query-service's extra arguments replaced
         */
        public Settings withQueryArguments(List<String> newQueryArguments) {
            return new Settings(dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort,
                    servicesDirectory, serviceStartTimeoutSeconds, ledgerArguments, newQueryArguments);
        }

        public Path kafkaDirectory() {
            return dataDirectory.resolve("kafka");
        }

        public Path logDirectory() {
            return dataDirectory.resolve("logs");
        }

        public Path postgresLogFile() {
            return logDirectory().resolve("postgres.log");
        }

        public Path kafkaLogFile() {
            return logDirectory().resolve("kafka.log");
        }

        public Path ledgerLogFile() {
            return logDirectory().resolve(LEDGER_SERVICE + ".log");
        }

        public Path queryLogFile() {
            return logDirectory().resolve(QUERY_SERVICE + ".log");
        }

        Settings withFreePortsForZeros() {
            // A port picked earlier is released before the next pick, so two picks can repeat,
            // and a pick can equal a port given on the command line: such a pick is made again.
            int[] ports = {ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort};
            for (int index = 0; index < ports.length; index++) {
                if (ports[index] != 0) {
                    continue;
                }
                int picked = LocalPorts.pick();
                for (int attempt = 1; contains(ports, picked); attempt++) {
                    if (attempt >= PORT_PICK_ATTEMPTS_MAX) {
                        throw new IllegalStateException("cannot find " + ports.length + " different free ports");
                    }
                    picked = LocalPorts.pick();
                }
                ports[index] = picked;
            }
            return withPorts(ports[0], ports[1], ports[2], ports[3], ports[4]);
        }

        void requirePortsFree() {
            LocalPorts.requireFree(ledgerPort, LEDGER_SERVICE);
            LocalPorts.requireFree(queryPort, QUERY_SERVICE);
            LocalPorts.requireFree(kafkaPort, "Kafka client");
            LocalPorts.requireFree(kafkaControllerPort, "Kafka controller");
            LocalPorts.requireFree(postgresPort, "PostgreSQL");
        }

        void createDirectories() {
            try {
                Files.createDirectories(logDirectory());
            } catch (IOException exception) {
                throw new UncheckedIOException("cannot create the data directories under " + dataDirectory, exception);
            }
        }

        /**
         * The launcher's own arguments with the extra ones after them, less every own argument
         * that an extra one names again. Spring Boot would join two values of one property with
         * a comma rather than let the last win, so a replaced one must be left out.
         */
        static List<String> withOverrides(List<String> own, List<String> database, List<String> extra) {
            List<String> both = new ArrayList<>(own);
            both.addAll(database);
            return withOverrides(both, extra);
        }

        static List<String> withOverrides(List<String> own, List<String> extra) {
            List<String> extraNames = extra.stream().map(Settings::propertyName).toList();
            List<String> merged = new ArrayList<>(own.size() + extra.size());
            for (String argument : own) {
                if (!extraNames.contains(propertyName(argument))) {
                    merged.add(argument);
                }
            }
            merged.addAll(extra);
            return List.copyOf(merged);
        }

        private static String propertyName(String argument) {
            int equalsIndex = argument.indexOf('=');
            return equalsIndex < 0 ? argument : argument.substring(0, equalsIndex);
        }

        static List<String> requireServiceArguments(String what, List<String> arguments) {
            Objects.requireNonNull(arguments, what);
            if (arguments.size() > SERVICE_ARGUMENT_COUNT_MAX) {
                throw new IllegalArgumentException(what + " holds " + arguments.size() + " arguments, at most "
                        + SERVICE_ARGUMENT_COUNT_MAX + " are allowed");
            }
            for (String argument : arguments) {
                if (argument == null || !argument.startsWith("--") || argument.indexOf('=') < 3) {
                    throw new IllegalArgumentException(what + " must be --name=value words, got '" + argument + "'");
                }
            }
            return List.copyOf(arguments);
        }

        private static boolean contains(int[] ports, int port) {
            for (int existing : ports) {
                if (existing == port) {
                    return true;
                }
            }
            return false;
        }
    }
}
