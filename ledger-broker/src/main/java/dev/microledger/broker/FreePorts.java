package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a child process is started, so that failures have a clear cause. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * Asks the operating system for a port that is free right now. Another process may take it
     * before the child binds it; the child then fails to start with a clear bind error.
     *
     * @param host the address the port will be bound on
     * @return a free port
     */
    static int pick(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot find a free port on " + host, exception);
        }
    }

    /**
     * The port itself when given, else a free one.
     *
     * @param host the address the port will be bound on
     * @param port a port, or 0 for any free one
     * @return a concrete port
     */
    static int resolve(String host, int port) {
        return port == 0 ? pick(host) : port;
    }

    /**
     * Fails when something already listens on the port, typically a broker left running.
     *
     * @param host the address the port will be bound on
     * @param port the port
     * @param purpose what the port is for, for the message
     */
    static void requireFree(String host, int port, String purpose) {
        // Kafka also sets SO_REUSEADDR, so a port in TIME_WAIT counts as free here as it does there.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException exception) {
            throw new IllegalStateException(
                    purpose + " port " + host + ":" + port + " is already in use (is another broker or service still running?)",
                    exception);
        }
    }
}
