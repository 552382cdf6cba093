package dev.microledger.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the launcher the way a user does, as {@code java -jar target/ledger-launcher.jar}, so the
 * packaging itself is tested: the manifest class path, the copied libraries and service jars.
 * Then stops it as Ctrl-C would, or kills it outright, and checks that nothing is left running.
 */
class LauncherJarIntegrationTests {

    @TempDir
    Path directory;

    @org.junit.jupiter.api.BeforeEach
    void openDirectory() {
        TestDirectories.enterableByOthers(directory);
    }

    @Test
    void thePackagedLauncherStartsTheSystemAndStopsItOnSignal() throws Exception {
        int ledgerPort = LocalPorts.pick();
        int queryPort = LocalPorts.pick();
        int kafkaPort = LocalPorts.pick();
        int controllerPort = LocalPorts.pick();
        int postgresPort = LocalPorts.pick();
        Process launcher = startLauncher(ledgerPort, queryPort, kafkaPort, controllerPort, postgresPort);
        try {
            CompletableFuture<Boolean> ready = lineSeen(launcher, "Press Ctrl-C");
            assertThat(ready.get(180, TimeUnit.SECONDS)).as("the launcher reported it is running").isTrue();
            assertThat(health(ledgerPort)).isEqualTo(200);
            assertThat(health(queryPort)).isEqualTo(200);
        } finally {
            launcher.destroy();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("the launcher stopped on SIGTERM").isTrue();
        }
        for (int port : new int[] {ledgerPort, queryPort, kafkaPort, postgresPort}) {
            assertThat(listening(port)).as("port %d is closed", port).isFalse();
        }
    }

    /** kill -9 of the launcher runs none of its hooks: every child must still end by itself, PostgreSQL included. */
    @Test
    void everyChildEndsWhenTheLauncherIsKilled() throws Exception {
        int[] ports = {LocalPorts.pick(), LocalPorts.pick(), LocalPorts.pick(), LocalPorts.pick(), LocalPorts.pick()};
        Process launcher = startLauncher(ports[0], ports[1], ports[2], ports[3], ports[4]);
        List<ProcessHandle> children;
        try {
            assertThat(lineSeen(launcher, "Press Ctrl-C").get(180, TimeUnit.SECONDS)).isTrue();
            children = launcher.descendants().toList();
            assertThat(children.stream().map(child -> child.info().command().orElse("")))
                    .as("the launcher's children").anyMatch(command -> command.endsWith("/postgres"));
        } finally {
            launcher.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(children.stream().filter(ProcessHandle::isAlive).map(child -> child.pid() + " "
                + child.info().commandLine().orElse("?"))).as("children left running").isEmpty();
        for (int port : ports) {
            assertThat(listening(port)).as("port %d is closed", port).isFalse();
        }
    }

    private Process startLauncher(int ledgerPort, int queryPort, int kafkaPort, int controllerPort, int postgresPort)
            throws java.io.IOException {
        Path jar = Path.of("target", "ledger-launcher.jar").toAbsolutePath();
        assertThat(jar).exists();
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--data-dir", directory.resolve("data").toString(),
                "--ledger-port", String.valueOf(ledgerPort), "--query-port", String.valueOf(queryPort),
                "--kafka-port", String.valueOf(kafkaPort), "--kafka-controller-port", String.valueOf(controllerPort),
                "--postgres-port", String.valueOf(postgresPort)))
                .redirectErrorStream(true)
                .start();
    }

    /**
     * Completes once the process prints a line containing {@code text}; keeps reading its output
     * to the end, so the launcher never blocks on a full pipe.
     */
    private static CompletableFuture<Boolean> lineSeen(Process process, String text) {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.contains(text)) {
                        seen.complete(true);
                    }
                }
            } catch (java.io.IOException e) {
                // The launcher exited; whatever was seen stands.
            }
            seen.complete(false);
        });
        reader.setDaemon(true);
        reader.start();
        return seen;
    }

    private static int health(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
