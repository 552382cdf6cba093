package dev.microledger.bench.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.microledger.broker.ChildJvm;
import dev.microledger.broker.ParentWatchAgent;

/**
 * The launcher ({@code dev.microledger.launcher.Launcher}, what {@code ./micro-ledger} runs) in a
 * JVM of its own, so that the fault run can kill it as an operator's {@code kill -9} would, with
 * the same data directory and ports at every start. It is started with the parent watch: if the
 * fault run itself dies, the launcher stops, and with it everything under it.
 */
final class LauncherProcess implements AutoCloseable {

    static final String MAIN_CLASS = "dev.microledger.launcher.Launcher";

    /** How long the launcher may take to stop everything on SIGTERM: each service's graceful shutdown, the broker, PostgreSQL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 20;

    private final List<String> command;
    private final Path workingDirectory;
    private final Path logFile;
    private final Ports ports;
    private Process process;
    private int starts;

    /** The five ports the system keeps across all its starts. */
    record Ports(int ledger, int query, int kafka, int kafkaController, int postgres) {

        /** Five different ports free right now on the loopback address. */
        static Ports pickFree() {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int index = 0; index < 5; index++) {
                    sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
                }
                return new Ports(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(), sockets.get(2).getLocalPort(),
                        sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort());
            } catch (IOException exception) {
                throw new UncheckedIOException("cannot find five free ports", exception);
            } finally {
                for (ServerSocket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // It was only held to keep the five picks apart.
                    }
                }
            }
        }

        URI ledgerUrl() {
            return URI.create("http://127.0.0.1:" + ledger);
        }

        URI queryUrl() {
            return URI.create("http://127.0.0.1:" + query);
        }
    }

    private LauncherProcess(List<String> command, Path workingDirectory, Path logFile, Ports ports) {
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
        this.logFile = logFile;
        this.ports = ports;
    }

    /**
     * The launcher of this JVM's own class path, which holds it (ledger-bench depends on
     * ledger-launcher), on the given data directory and ports.
     *
     * @param runDirectory where the launcher's output ({@code launcher.log}) and the parent-watch agent go
     */
    static LauncherProcess prepare(Path runDirectory, Path dataDirectory, Path servicesDirectory, Ports ports) {
        Path agentJar = ParentWatchAgent.writeAgentJar(runDirectory.resolve("parent-watch.jar"));
        List<String> javaArguments = List.of(
                "-D" + dev.microledger.launcher.EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY + "=" + servicesDirectory,
                "-cp", absoluteClassPath(),
                MAIN_CLASS,
                "--data-dir", dataDirectory.toString(),
                "--ledger-port", String.valueOf(ports.ledger()),
                "--query-port", String.valueOf(ports.query()),
                "--kafka-port", String.valueOf(ports.kafka()),
                "--kafka-controller-port", String.valueOf(ports.kafkaController()),
                "--postgres-port", String.valueOf(ports.postgres()));
        return new LauncherProcess(ChildJvm.command(agentJar, javaArguments), runDirectory,
                runDirectory.resolve("launcher.log"), ports);
    }

    Ports ports() {
        return ports;
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the launcher; it is up once its services answer, which the caller finds out. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the launcher runs already (pid " + process.pid() + ")");
        }
        appendToLog(System.lineSeparator() + "=== fault run: starting the launcher (start " + (starts + 1) + ") ==="
                + System.lineSeparator());
        process = ChildJvm.start(command, workingDirectory, logFile);
        starts++;
    }

    synchronized int starts() {
        return starts;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the launcher's exit code once it has exited by itself, else empty */
    synchronized Optional<Integer> exitCode() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    synchronized ProcessHandle handle() {
        if (process == null) {
            throw new IllegalStateException("the launcher has not been started");
        }
        return process.toHandle();
    }

    /**
     * The launcher's live child that runs the part a kill of this kind ends.
     *
     * @return the child, or empty when none runs right now (the launcher is starting it again)
     */
    Optional<ProcessHandle> child(KillKind kind) {
        String mark = switch (kind) {
            case BROKER -> "kafka.Kafka";
            case LEDGER_SERVICE -> File.separator + "ledger-service.jar";
            case QUERY_SERVICE -> File.separator + "query-service.jar";
            default -> throw new IllegalArgumentException(kind + " is not one child of the launcher");
        };
        return handle().children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> commandLine(child).map(line -> line.contains(mark)).orElse(false))
                .max(Comparator.comparing(child -> child.info().startInstant().orElse(java.time.Instant.EPOCH)));
    }

    /** @return the launcher and every process under it right now */
    List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle launcher = handle();
        tree.add(launcher);
        launcher.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Waits until every one of the processes has exited.
     *
     * @return those still alive when the time ran out; empty when all are gone
     */
    static List<ProcessHandle> awaitGone(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        return alive;
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(handle -> handle.pid() + " " + commandLine(handle).map(LauncherProcess::shorten).orElse("?"))
                .collect(Collectors.joining("; "));
    }

    /**
     * The whole command line. The JDK's own ({@link ProcessHandle.Info#commandLine()}) is cut short
     * on Linux, which loses the broker's main class behind a long class path; /proc has all of it.
     */
    static Optional<String> commandLine(ProcessHandle handle) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", String.valueOf(handle.pid()), "cmdline"));
            if (bytes.length > 0) {
                return Optional.of(new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (IOException | RuntimeException exception) {
            // Not Linux, or the process is gone: the JDK's view is all there is.
        }
        return handle.info().commandLine();
    }

    /** @return the last lines of the launcher's output, for a report of a start that failed */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException exception) {
            return "(cannot read " + logFile + ": " + exception.getMessage() + ")";
        }
    }

    /**
     * Stops the launcher with SIGTERM, as Ctrl-C would, and waits until it and everything under
     * it are gone; whatever is still there after {@link #STOP_TIMEOUT} is killed.
     *
     * @return the processes that had to be killed, empty after a clean stop
     */
    List<ProcessHandle> stop() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null) {
            return List.of();
        }
        List<ProcessHandle> tree = running.isAlive() ? tree() : List.of();
        running.destroy();
        List<ProcessHandle> left = awaitGone(tree, STOP_TIMEOUT);
        left.forEach(ProcessHandle::destroyForcibly);
        awaitGone(left, Duration.ofSeconds(10));
        return left;
    }

    /** Stops it as {@link #stop()} does; for try-with-resources. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            List<ProcessHandle> tree = isAlive() ? tree() : List.of();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void appendToLog(String text) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write " + logFile, exception);
        }
    }

    /** The child JVM runs in the run's directory, so a relative class path (java -jar target/…) must become absolute. */
    private static String absoluteClassPath() {
        String classPath = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String shorten(String commandLine) {
        return commandLine.length() > 160 ? commandLine.substring(0, 160) + "…" : commandLine;
    }
}
