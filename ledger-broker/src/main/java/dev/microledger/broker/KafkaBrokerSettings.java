package dev.microledger.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run one single-node Kafka broker.
 *
 * @param dataDirectory where the broker keeps its logs (the topics), its metadata and its
 *     generated {@code server.properties}; it survives restarts
 * @param host the loopback address that every listener binds to
 * @param port the client (SASL_PLAINTEXT) port, or 0 to pick a free port at start
 * @param controllerPort the KRaft controller (SASL_PLAINTEXT) port, or 0 to pick a free port at start
 * @param startTimeoutSeconds how long formatting and starting may take before start fails
 * @param logFile where the broker's standard output and error are appended
 * @param credentialsDirectory where the password of the broker's own user is kept, in
 *     {@value BrokerCredentials#BROKER_PASSWORD_FILE}, readable by its owner alone
 */
public record KafkaBrokerSettings(
        Path dataDirectory,
        String host,
        int port,
        int controllerPort,
        int startTimeoutSeconds,
        Path logFile,
        Path credentialsDirectory) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 60;

    /** A start that takes longer than this is a hung broker, not a slow one. */
    static final int START_TIMEOUT_SECONDS_MAX = 600;

    private static final int PORT_MAX = 65_535;

    public KafkaBrokerSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(credentialsDirectory, "credentialsDirectory");
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        if (startTimeoutSeconds < 1 || startTimeoutSeconds > START_TIMEOUT_SECONDS_MAX) {
            throw new IllegalArgumentException(
                    "startTimeoutSeconds must be between 1 and " + START_TIMEOUT_SECONDS_MAX + ", was " + startTimeoutSeconds);
        }
        requireLoopback(host);
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        logFile = logFile.toAbsolutePath().normalize();
        credentialsDirectory = credentialsDirectory.toAbsolutePath().normalize();
    }

    /**
     * The defaults: 127.0.0.1, ports 9092 and 9093, 60 s to start, the log in
     * {@code logs/kafka.log} and the broker's password in {@code credentials/} next to the data
     * directory.
     *
     * @param dataDirectory where the broker keeps its data
     * @return the default settings for that directory
     */
    public static KafkaBrokerSettings defaults(Path dataDirectory) {
        Path absoluteDataDirectory = dataDirectory.toAbsolutePath().normalize();
        Path logFile = absoluteDataDirectory.resolveSibling("logs").resolve("kafka.log");
        Path credentialsDirectory = absoluteDataDirectory.resolveSibling("credentials");
        return new KafkaBrokerSettings(absoluteDataDirectory, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT,
                DEFAULT_START_TIMEOUT_SECONDS, logFile, credentialsDirectory);
    }

    /**
     * The same settings on other ports.
     *
     * @param newPort the client port, 0 for a free one
     * @param newControllerPort the controller port, 0 for a free one
     * @return a copy with the ports replaced
     */
    public KafkaBrokerSettings withPorts(int newPort, int newControllerPort) {
        return new KafkaBrokerSettings(dataDirectory, host, newPort, newControllerPort, startTimeoutSeconds, logFile, credentialsDirectory);
    }

    /**
     * The same settings with another start timeout.
     *
     * @param newStartTimeoutSeconds how long formatting and starting may take
     * @return a copy with the timeout replaced
     */
    public KafkaBrokerSettings withStartTimeoutSeconds(int newStartTimeoutSeconds) {
        return new KafkaBrokerSettings(dataDirectory, host, port, controllerPort, newStartTimeoutSeconds, logFile, credentialsDirectory);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > PORT_MAX) {
            throw new IllegalArgumentException(name + " must be between 0 and " + PORT_MAX + ", was " + value);
        }
    }

    // The embedded broker's listeners carry passwords unencrypted (SASL_PLAINTEXT), so it must never be
    // reachable from another machine: a wildcard or external address is refused rather than trusted to a firewall.
    private static void requireLoopback(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException exception) {
            throw new IllegalArgumentException("host " + host + " does not resolve", exception);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("host must be a loopback address such as 127.0.0.1, was " + host);
        }
    }
}
