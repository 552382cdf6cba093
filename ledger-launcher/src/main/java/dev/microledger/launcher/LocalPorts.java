package dev.microledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before anything starts, so that a taken port is reported plainly. */
final class LocalPorts {

    static final String LOOPBACK = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * A port that is free right now; another process may still take it before the child binds
     * it, and the child then fails to start with a bind error in its log.
     *
     * @return a free port on the loopback address
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, exception);
        }
    }

    /**
     * Fails when the port cannot be bound, typically because an earlier run is still up.
     *
     * @param port the port
     * @param purpose what the port is for, for the message
     */
    static void requireFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException exception) {
            throw new IllegalStateException(purpose + " port " + port + " is already in use (is micro-ledger already running?"
                    + " choose another port with the options, see --help)", exception);
        }
    }
}
