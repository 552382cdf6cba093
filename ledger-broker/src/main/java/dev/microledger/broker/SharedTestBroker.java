package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker for all the integration tests of one JVM: started on first use in a
 * fresh temporary directory on free ports, stopped and deleted when the JVM exits.
 *
 * <p>Starting a broker takes seconds, so test classes share it; each test uses its own topic
 * or its own consumer group to stay independent of the others.
 */
public final class SharedTestBroker {

    private static final Logger log = LoggerFactory.getLogger(SharedTestBroker.class);

    /** A loaded build machine starts a JVM slowly; a broker that needs longer is broken. */
    private static final int START_TIMEOUT_SECONDS = 120;

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
        try {
            broker = KafkaBroker.start(settings);
        } catch (RuntimeException exception) {
            startFailure = exception;
            throw exception;
        }
        KafkaBroker started = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started, directory), "shared-test-broker-shutdown"));
        log.info("Shared test broker is running at {}; its log is {}", started.bootstrapServers(), started.settings().logFile());
        return broker;
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
