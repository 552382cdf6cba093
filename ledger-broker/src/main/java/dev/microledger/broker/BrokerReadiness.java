package dev.microledger.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a starting broker answers a cluster description, the same request any client's
 * first metadata call makes, logged in as the broker's own user, and fails fast when the
 * broker's process exits instead.
 */
final class BrokerReadiness {

    private static final long POLL_INTERVAL_MILLIS = 250;
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static final int REQUEST_TIMEOUT_MILLIS = 2_000;
    private static final int API_TIMEOUT_MILLIS = 3_000;

    private BrokerReadiness() {
    }

    static void await(KafkaBrokerSettings settings, KafkaLogin login, Process process, long deadlineNanos) {
        // The admin client logs a warning for every refused connection, so it is only created
        // once the port accepts connections at all.
        while (!acceptsConnections(settings)) {
            checkStillStarting(settings, process, deadlineNanos);
            sleep();
        }
        try (Admin admin = Admin.create(adminSettings(settings, login))) {
            while (!describesCluster(admin)) {
                checkStillStarting(settings, process, deadlineNanos);
                sleep();
            }
        }
    }

    private static boolean acceptsConnections(KafkaBrokerSettings settings) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException exception) {
            return false;
        }
    }

    private static boolean describesCluster(Admin admin) {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(API_TIMEOUT_MILLIS);
        try {
            Collection<Node> nodes = admin.describeCluster(options).nodes().get(API_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            // A fenced broker is not listed: an empty list means it cannot take requests yet.
            return !nodes.isEmpty();
        } catch (ExecutionException | TimeoutException exception) {
            return false;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker to start", exception);
        }
    }

    private static void checkStillStarting(KafkaBrokerSettings settings, Process process, long deadlineNanos) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") exited with code " + process.exitValue()
                    + " while starting; last lines of " + settings.logFile() + ":" + System.lineSeparator()
                    + KafkaBroker.logTail(settings));
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") did not answer on " + settings.host()
                    + ":" + settings.port() + " within " + settings.startTimeoutSeconds() + " s; last lines of "
                    + settings.logFile() + ":" + System.lineSeparator() + KafkaBroker.logTail(settings));
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while waiting for the Kafka broker to start");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL_MILLIS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> adminSettings(KafkaBrokerSettings settings, KafkaLogin login) {
        Map<String, Object> properties = login.clientProperties(settings.host() + ":" + settings.port());
        properties.putAll(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "ledger-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MILLIS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MILLIS,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1_000L,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2_000L,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100L,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100L));
        return properties;
    }
}
