package dev.microledger.launcher;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import dev.microledger.broker.ChildJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Spring Boot service of the embedded system, running as a child JVM from its fat jar. */
final class ServiceProcess implements AutoCloseable {

    /** How long a service may take for its graceful shutdown before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the launcher waits for: ready, not only up. query-service is ready once its projection
     * has caught up with the topic as it was at its start, so a read right after the launcher says
     * the system is up finds what was written before.
     */
    static final String HEALTH_PATH = "/actuator/health/readiness";
    static final String BUILD_HINT = "build with ./mvnw -DskipTests package";

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    /** The heap of each service: bounded, and enough for the embedded default's load. */
    private static final String HEAP_OPTION = "-Xmx1g";
    private static final int LOG_TAIL_LINE_COUNT = 40;
    private static final long POLL_INTERVAL_MILLIS = 500;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private boolean closed;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Fails unless the jar exists and can be run with {@code java -jar}, so that a build that
     * has not produced the services yet is reported as such and not as a crash.
     *
     * @param jarFile the service's jar
     */
    static void requireRunnableJar(Path jarFile) {
        if (!Files.isRegularFile(jarFile)) {
            throw new IllegalStateException("service jar not found at " + jarFile + "; " + BUILD_HINT);
        }
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue("Main-Class") == null) {
                throw new IllegalStateException("service jar at " + jarFile + " has no Main-Class, so it is not a runnable"
                        + " Spring Boot jar; " + BUILD_HINT);
            }
        } catch (IOException exception) {
            throw new IllegalStateException("service jar at " + jarFile + " cannot be read (" + exception.getMessage() + "); "
                    + BUILD_HINT, exception);
        }
    }

    /**
     * Starts {@code java -jar} on the service's jar; it does not wait for the service to be up.
     *
     * @param name the service's name, for messages
     * @param jarFile the service's fat jar
     * @param port the HTTP port the service is told to use
     * @param applicationArguments Spring Boot command-line properties, {@code --name=value}
     * @param agentJar the parent-watch agent jar
     * @param workingDirectory the child's working directory
     * @param logFile where the child's output is appended
     * @return the starting service
     */
    static ServiceProcess start(String name, Path jarFile, int port, List<String> applicationArguments, Path agentJar,
            Path workingDirectory, Path logFile) {
        return start(name, jarFile, port, applicationArguments, agentJar, workingDirectory, logFile, java.util.Map.of());
    }

    /** The same, with variables added to the child's environment (secrets go there, not on its command line). */
    static ServiceProcess start(String name, Path jarFile, int port, List<String> applicationArguments, Path agentJar,
            Path workingDirectory, Path logFile, java.util.Map<String, String> environment) {
        List<String> javaArguments = new ArrayList<>();
        javaArguments.add(HEAP_OPTION);
        javaArguments.add("-XX:+ExitOnOutOfMemoryError");
        javaArguments.add("-jar");
        javaArguments.add(jarFile.toString());
        javaArguments.addAll(applicationArguments);
        List<String> command = ChildJvm.command(agentJar, javaArguments);
        log.info("Starting {} on port {}, log in {}", name, port, logFile);
        Process process = ChildJvm.start(command, workingDirectory, logFile, environment);
        return new ServiceProcess(name, port, logFile, process);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://" + LocalPorts.LOOPBACK + ":" + port;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    /** @return the exit code once the process has exited, else -1 */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Polls the health endpoint until it answers 200.
     *
     * @param client the HTTP client
     * @param timeout how long the service may take to start
     * @throws IllegalStateException when the process exits or the time is up, with the log's tail
     */
    void awaitHealthy(HttpClient client, Duration timeout) {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + HEALTH_PATH)).timeout(REQUEST_TIMEOUT).GET().build();
        String lastAnswer = "no answer yet";
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for " + name + " to start");
            }
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " while starting");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw failure("did not answer 200 on " + request.uri() + " within " + timeout.toSeconds() + " s (" + lastAnswer + ")");
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log.info("{} is up and ready at {} (pid {}) after {} ms",
                            name, url(), pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                    return;
                }
                lastAnswer = "last answer: HTTP " + response.statusCode();
            } catch (ConnectException | HttpTimeoutException exception) {
                lastAnswer = "last attempt: " + exception.getClass().getSimpleName();
            } catch (IOException exception) {
                lastAnswer = "last attempt: " + exception;
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name + " to start", exception);
            }
            sleep();
        }
    }

    /** Stops the service with SIGTERM, so Spring Boot shuts down gracefully, then kills it after 30 s. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!process.isAlive()) {
            log.info("{} (pid {}) had already exited with code {}", name, process.pid(), process.exitValue());
            return;
        }
        log.info("Stopping {} (pid {})", name, process.pid());
        long startNanos = System.nanoTime();
        if (!ChildJvm.stop(process, STOP_TIMEOUT)) {
            log.error("{} (pid {}) is still running after being killed", name, process.pid());
            return;
        }
        log.info("{} (pid {}) stopped after {} ms", name, process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(name + " (pid " + process.pid() + ") " + what + "; last lines of " + logFile + ":"
                + System.lineSeparator() + ChildJvm.logTail(logFile, LOG_TAIL_LINE_COUNT));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL_MILLIS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }
}
