package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker for all the integration tests of one JVM: started on first use in a
 * fresh temporary directory on free ports, stopped and deleted when the JVM exits.
 *
 * <p>Starting a broker takes seconds, so test classes share it; each test uses its own topic
 * or its own consumer group to stay independent of the others. Their names fit the prefixes of
 * {@link LedgerAcls} ({@code ledger.events.<test>}, {@code query-<test>}), so that the services'
 * logins work on them as on the production names.
 *
 * <p>The broker takes the same logins as the embedded default, with passwords made for this JVM:
 * {@link #ledgerServiceLogin()}, {@link #queryServiceLogin()} and the super user's
 * {@link #adminLogin()}.
 */
public final class SharedTestBroker {

    private static final Logger log = LoggerFactory.getLogger(SharedTestBroker.class);

    /** A loaded build machine starts a JVM slowly; a broker that needs longer is broken. */
    private static final int START_TIMEOUT_SECONDS = 120;

    private static final KafkaLogin LEDGER_SERVICE_LOGIN =
            KafkaLogin.scram(LedgerAcls.LEDGER_SERVICE_USERNAME, BrokerCredentials.newPassword());
    private static final KafkaLogin QUERY_SERVICE_LOGIN =
            KafkaLogin.scram(LedgerAcls.QUERY_SERVICE_USERNAME, BrokerCredentials.newPassword());

    private static KafkaBroker broker;
    private static RuntimeException startFailure;

    private SharedTestBroker() {
    }

    /**
     * The shared broker, started by the first call.
     *
     * @return the running broker
     * @throws IllegalStateException when it could not be started; later calls fail the same
     *     way at once instead of waiting for the start timeout again
     */
    public static synchronized KafkaBroker get() {
        if (broker != null) {
            return broker;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the shared test broker failed to start earlier: " + startFailure.getMessage(), startFailure);
        }
        Path directory = createTemporaryDirectory();
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka"))
                .withPorts(0, 0)
                .withStartTimeoutSeconds(START_TIMEOUT_SECONDS);
        KafkaBroker started;
        try {
            started = KafkaBroker.start(settings);
        } catch (RuntimeException exception) {
            startFailure = exception;
            throw exception;
        }
        try {
            started.ensureLedgerLogins(LEDGER_SERVICE_LOGIN.password(), QUERY_SERVICE_LOGIN.password());
        } catch (RuntimeException exception) {
            startFailure = exception;
            started.close();
            throw exception;
        }
        broker = started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started, directory), "shared-test-broker-shutdown"));
        log.info("Shared test broker is running at {}; its log is {}", started.bootstrapServers(), started.settings().logFile());
        return broker;
    }

    /**
     * The login of ledger-service, which may create and write the ledger's topics.
     *
     * @return its SCRAM-SHA-256 login
     */
    public static KafkaLogin ledgerServiceLogin() {
        return LEDGER_SERVICE_LOGIN;
    }

    /**
     * The login of query-service, which may only read the ledger's topics in its groups.
     *
     * @return its SCRAM-SHA-256 login
     */
    public static KafkaLogin queryServiceLogin() {
        return QUERY_SERVICE_LOGIN;
    }

    /**
     * The broker's super user, for what a test does in the place of the ledger or an operator:
     * create a topic of any name, produce events of its own to feed the projection.
     *
     * @return the broker's PLAIN login; starts the broker when it is not running yet
     */
    public static KafkaLogin adminLogin() {
        return get().adminLogin();
    }

    /**
     * The settings of a client of the shared broker logged in as {@code login}.
     *
     * @param login one of this class's logins
     * @return a new mutable map; starts the broker when it is not running yet
     */
    public static Map<String, Object> clientProperties(KafkaLogin login) {
        return get().clientProperties(login);
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("ledger-broker-test-");
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create a temporary directory for the shared test broker", exception);
        }
    }

    private static void stopAndDelete(KafkaBroker started, Path directory) {
        started.close();
        if (started.isAlive()) {
            // Deleting the files of a running broker would only make it log errors on its way out.
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException exception) {
            System.err.println("cannot delete the shared test broker's directory " + directory + ": " + exception);
        }
    }
}
