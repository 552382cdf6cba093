package dev.microledger.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode, running as a child JVM.
 *
 * <p>The child runs {@code kafka.Kafka} from this JVM's own class path, so the broker is
 * exactly the Kafka version the build resolved and needs no installation. Its data directory
 * survives restarts: it is formatted once and reused after that.
 *
 * <p>Every listener takes SASL logins only and every request needs an ACL: the broker's own user
 * {@value KafkaLogin#BROKER_USERNAME} (PLAIN, its password kept in the credentials directory) is
 * the only super user; the services' users (SCRAM-SHA-256) and their ACLs are made with
 * {@link #ensureLogins} or {@link #ensureLedgerLogins} once the broker runs.
 *
 * <p>The child dies with its parent: {@link #close()} stops it, a shutdown hook closes every
 * broker still open when this JVM exits, and the {@link ParentWatchAgent} in the child ends it
 * when this JVM is killed without running its hooks (see {@link ChildJvm}).
 */
public final class KafkaBroker implements AutoCloseable {

    /** How long a stopping broker may take for its controlled shutdown before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** How much of the log goes into the message of a failed start. */
    static final int LOG_TAIL_LINE_COUNT = 40;

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /** The heap of the broker JVM: plenty for a development broker, and bounded. */
    private static final String BROKER_HEAP_OPTION = "-Xmx512m";
    private static final String FORMAT_HEAP_OPTION = "-Xmx256m";

    /**
     * How long the broker outlives a parent killed without running its hooks: the services die
     * with the same parent and still need the broker to leave their groups and flush their sends.
     */
    private static final long EXIT_DELAY_AFTER_PARENT_DEATH_SECONDS = 10;

    private static final Set<KafkaBroker> openBrokers = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::closeOpenBrokers, "kafka-broker-shutdown"));
    }

    private final KafkaBrokerSettings settings;
    private final KafkaLogin adminLogin;
    private final Process process;
    private final List<AutoCloseable> dependents = new ArrayList<>();
    private boolean closed;

    private KafkaBroker(KafkaBrokerSettings settings, KafkaLogin adminLogin, Process process) {
        this.settings = settings;
        this.adminLogin = adminLogin;
        this.process = process;
    }

    /**
     * Formats the data directory when it is new, starts the broker and waits until it answers.
     *
     * @param settings where and how to run it; ports given as 0 are replaced by free ones
     * @return the running broker
     * @throws IllegalStateException when the broker does not come up within the start timeout,
     *     with the tail of its log in the message
     */
    public static KafkaBroker start(KafkaBrokerSettings settings) {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.startTimeoutSeconds());
        KafkaBrokerSettings resolved = resolvePorts(settings);
        FreePorts.requireFree(resolved.host(), resolved.port(), "Kafka client");
        FreePorts.requireFree(resolved.host(), resolved.controllerPort(), "Kafka controller");
        createDirectories(resolved);

        KafkaLogin adminLogin = new KafkaLogin(KafkaLogin.BROKER_USERNAME,
                BrokerCredentials.brokerPassword(resolved.credentialsDirectory()), KafkaLogin.PLAIN);
        BrokerFiles files = new BrokerFiles(resolved.dataDirectory());
        files.writeConfiguration(resolved.host(), resolved.port(), resolved.controllerPort(), adminLogin.password());
        ParentWatchAgent.writeAgentJar(files.parentWatchAgent());
        if (files.isFormatted()) {
            log.info("Kafka data directory {} is already formatted; reusing it", resolved.dataDirectory());
        } else {
            format(resolved, files, deadlineNanos);
        }

        log.info("Starting Kafka broker on {}:{} (controller port {}), data in {}, log in {}",
                resolved.host(), resolved.port(), resolved.controllerPort(), resolved.dataDirectory(), resolved.logFile());
        long startNanos = System.nanoTime();
        Process process = startChild(resolved, files, List.of("kafka.Kafka", files.serverProperties().toString()));
        KafkaBroker broker = new KafkaBroker(resolved, adminLogin, process);
        openBrokers.add(broker);
        try {
            BrokerReadiness.await(resolved, adminLogin, process, deadlineNanos);
        } catch (RuntimeException exception) {
            broker.close();
            throw exception;
        }
        log.info("Kafka broker is ready at {} (pid {}) after {} ms",
                broker.bootstrapServers(), broker.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return broker;
    }

    /**
     * Where clients connect.
     *
     * @return {@code host:port}, for the {@code bootstrap.servers} client setting
     */
    public String bootstrapServers() {
        return settings.host() + ":" + settings.port();
    }

    /**
     * The broker's own user, the only super user: for administration (making users, ACLs and
     * topics of any name) and for tools such as the benchmark, never for the services.
     *
     * @return the PLAIN login of {@value KafkaLogin#BROKER_USERNAME}
     */
    public KafkaLogin adminLogin() {
        return adminLogin;
    }

    /**
     * The settings of a client of this broker logged in as {@code login}.
     *
     * @param login who the client is
     * @return a new mutable map with {@code bootstrap.servers} and the SASL settings
     */
    public Map<String, Object> clientProperties(KafkaLogin login) {
        return login.clientProperties(bootstrapServers());
    }

    /**
     * Creates or updates SCRAM-SHA-256 users and creates ACLs, and returns once the broker honours
     * them. Calling it again with the same arguments changes nothing but the users' salts.
     *
     * @param users the users with their passwords
     * @param acls the ACLs to create; existing ones are kept
     * @throws IllegalStateException when the broker refuses them or does not answer in 30 s
     */
    public void ensureLogins(Collection<KafkaLogin> users, Collection<AclBinding> acls) {
        BrokerLogins.ensure(bootstrapServers(), adminLogin, users, acls);
    }

    /**
     * The users of ledger-service and query-service with the {@link LedgerAcls}.
     *
     * @param ledgerServicePassword the password of {@value LedgerAcls#LEDGER_SERVICE_USERNAME}
     * @param queryServicePassword the password of {@value LedgerAcls#QUERY_SERVICE_USERNAME}
     */
    public void ensureLedgerLogins(String ledgerServicePassword, String queryServicePassword) {
        ensureLogins(List.of(
                KafkaLogin.scram(LedgerAcls.LEDGER_SERVICE_USERNAME, ledgerServicePassword),
                KafkaLogin.scram(LedgerAcls.QUERY_SERVICE_USERNAME, queryServicePassword)),
                LedgerAcls.bindings());
    }

    /**
     * The process id of the broker's JVM.
     *
     * @return the child's pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The settings this broker runs with, with the ports that were actually chosen.
     *
     * @return the effective settings
     */
    public KafkaBrokerSettings settings() {
        return settings;
    }

    /**
     * Whether the broker's process is still running.
     *
     * @return true until the child has exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Registers something that uses this broker, such as a service process, to be closed before
     * the broker stops: by {@link #close()} and by the shutdown hook alike. Dependents are closed
     * in the reverse order of registration, so the last one started is the first one stopped.
     *
     * @param dependent what to close first
     */
    public synchronized void addDependent(AutoCloseable dependent) {
        if (closed) {
            throw new IllegalStateException("the Kafka broker is closed; start a new one");
        }
        dependents.add(dependent);
    }

    /**
     * Stops the dependents, then the broker: a SIGTERM for Kafka's controlled shutdown, then a
     * kill after 30 s. Calling it again does nothing; a concurrent caller waits until the broker
     * is stopped.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeDependents();
        openBrokers.remove(this);
        if (!process.isAlive()) {
            log.info("Kafka broker (pid {}) had already exited with code {}", process.pid(), process.exitValue());
            return;
        }
        log.info("Stopping Kafka broker (pid {})", process.pid());
        long startNanos = System.nanoTime();
        if (!ChildJvm.stop(process, STOP_TIMEOUT)) {
            log.error("Kafka broker (pid {}) is still running after being killed", process.pid());
            return;
        }
        log.info("Kafka broker (pid {}) stopped with exit code {} after {} ms",
                process.pid(), process.exitValue(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", pid " + process.pid() + ", data " + settings.dataDirectory() + "]";
    }

    static String logTail(KafkaBrokerSettings settings) {
        return LogTail.lastLines(settings.logFile(), LOG_TAIL_LINE_COUNT);
    }

    private static KafkaBrokerSettings resolvePorts(KafkaBrokerSettings settings) {
        int port = FreePorts.resolve(settings.host(), settings.port());
        int controllerPort = FreePorts.resolve(settings.host(), settings.controllerPort());
        // Two free ports picked one after the other are different, but a fixed port may equal a picked one.
        while (controllerPort == port) {
            controllerPort = FreePorts.pick(settings.host());
        }
        return settings.withPorts(port, controllerPort);
    }

    private static void createDirectories(KafkaBrokerSettings settings) {
        try {
            Files.createDirectories(settings.dataDirectory());
            Files.createDirectories(settings.logFile().getParent());
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create the broker's directories", exception);
        }
    }

    /**
     * Formats the log directory with the storage tool, as {@code kafka-storage.sh format} does.
     * It runs in a child JVM because the tool ends its JVM with {@code System.exit}.
     */
    private static void format(KafkaBrokerSettings settings, BrokerFiles files, long deadlineNanos) {
        String clusterId = Uuid.randomUuid().toString();
        log.info("Formatting new Kafka data directory {} with cluster id {}", settings.dataDirectory(), clusterId);
        List<String> arguments = List.of(
                "kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId,
                "--config", files.serverProperties().toString(),
                "--ignore-formatted");
        Process formatter = startChild(settings, files, FORMAT_HEAP_OPTION, arguments);
        long remainingNanos = deadlineNanos - System.nanoTime();
        if (!ChildJvm.waitFor(formatter, Duration.ofNanos(Math.max(0, remainingNanos)))) {
            formatter.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka data directory " + settings.dataDirectory()
                    + " took longer than " + settings.startTimeoutSeconds() + " s; last lines of " + settings.logFile()
                    + ":" + System.lineSeparator() + logTail(settings));
        }
        if (formatter.exitValue() != 0 || !files.isFormatted()) {
            throw new IllegalStateException("formatting the Kafka data directory " + settings.dataDirectory()
                    + " failed with exit code " + formatter.exitValue() + "; last lines of " + settings.logFile()
                    + ":" + System.lineSeparator() + logTail(settings));
        }
    }

    private static Process startChild(KafkaBrokerSettings settings, BrokerFiles files, List<String> arguments) {
        return startChild(settings, files, BROKER_HEAP_OPTION, arguments);
    }

    private static Process startChild(KafkaBrokerSettings settings, BrokerFiles files, String heapOption, List<String> arguments) {
        List<String> javaArguments = new ArrayList<>();
        javaArguments.add(heapOption);
        javaArguments.add("-XX:+ExitOnOutOfMemoryError");
        javaArguments.add("-Djava.awt.headless=true");
        // Kafka logs through SLF4J to whichever binding the class path has. Logback would log
        // DEBUG without a configuration, and the application's own logback.xml may be on the
        // class path too, so the broker gets its own; the simple logger is configured as well.
        javaArguments.add("-Dlogback.configurationFile=" + files.logbackConfiguration());
        javaArguments.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        javaArguments.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        javaArguments.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        javaArguments.add("-cp");
        javaArguments.add(parentClassPath());
        javaArguments.addAll(arguments);
        List<String> command = ChildJvm.command(files.parentWatchAgent(), EXIT_DELAY_AFTER_PARENT_DEATH_SECONDS, javaArguments);
        return ChildJvm.start(command, settings.dataDirectory(), settings.logFile());
    }

    /**
     * The parent's class path, which holds Kafka: under Surefire and Failsafe it is a manifest-only
     * jar, from {@code java -jar} a plain jar whose manifest lists its libraries. Its entries are
     * made absolute because the child runs in the data directory, not in the parent's.
     */
    static String parentClassPath() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> absoluteEntries = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isEmpty()) {
                absoluteEntries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, absoluteEntries);
    }

    private void closeDependents() {
        for (int index = dependents.size() - 1; index >= 0; index--) {
            AutoCloseable dependent = dependents.get(index);
            try {
                dependent.close();
            } catch (Exception exception) {
                // One dependent that fails to stop must not keep the others and the broker running.
                log.error("Stopping {} failed", dependent, exception);
            }
        }
        dependents.clear();
    }

    private static void closeOpenBrokers() {
        for (KafkaBroker broker : List.copyOf(openBrokers)) {
            broker.close();
        }
    }
}
