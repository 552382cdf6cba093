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
 * Then stops it as Ctrl-C would and checks that nothing is left listening.
 */
class LauncherJarIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void thePackagedLauncherStartsTheSystemAndStopsItOnSignal() throws Exception {
        int ledgerPort = LocalPorts.pick();
        int queryPort = LocalPorts.pick();
        int kafkaPort = LocalPorts.pick();
        int controllerPort = LocalPorts.pick();
        Path jar = Path.of("target", "ledger-launcher.jar").toAbsolutePath();
        assertThat(jar).exists();
        Process launcher = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--data-dir", directory.resolve("data").toString(),
                "--ledger-port", String.valueOf(ledgerPort), "--query-port", String.valueOf(queryPort),
                "--kafka-port", String.valueOf(kafkaPort), "--kafka-controller-port", String.valueOf(controllerPort)))
                .redirectErrorStream(true)
                .start();
        try {
            CompletableFuture<Boolean> ready = lineSeen(launcher, "Press Ctrl-C");
            assertThat(ready.get(180, TimeUnit.SECONDS)).as("the launcher reported it is running").isTrue();
            assertThat(health(ledgerPort)).isEqualTo(200);
            assertThat(health(queryPort)).isEqualTo(200);
        } finally {
            launcher.destroy();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("the launcher stopped on SIGTERM").isTrue();
        }
        for (int port : new int[] {ledgerPort, queryPort, kafkaPort}) {
            assertThat(listening(port)).as("port %d is closed", port).isFalse();
        }
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
