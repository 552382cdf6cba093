package dev.microledger.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresServerIntegrationTests {

    private static final String PASSWORD = PostgresServer.newPassword();

    @Test
    void makesAClusterOnceKeepsItsDataAcrossARestartAndNeverRunsAsRoot(@TempDir Path directory) throws Exception {
        Path shared = readableByOthers(directory);
        PostgresSettings settings = PostgresSettings.of(shared.resolve("postgres"), 0, shared.resolve("postgres.log"), PASSWORD);
        int port;
        try (PostgresServer server = PostgresServer.start(settings)) {
            port = server.port();
            assertThat(ProcessHandle.of(server.pid()).flatMap(handle -> handle.info().user())).isPresent()
                    .get().isNotEqualTo("root");
            server.execute("postgres", "CREATE TABLE kept (n int)", "INSERT INTO kept VALUES (42)");
            assertThat(Files.getPosixFilePermissions(settings.dataDirectory())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(settingOf(server, "fsync")).isEqualTo("on");
            assertThat(settingOf(server, "synchronous_commit")).isEqualTo("on");
            assertThat(settingOf(server, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(settingOf(server, "password_encryption")).isEqualTo("scram-sha-256");
        }
        assertThat(Files.exists(settings.dataDirectory().resolve("postmaster.pid"))).as("stopped cleanly").isFalse();

        try (PostgresServer again = PostgresServer.start(settings.withPort(port))) {
            try (Connection connection = again.connectAsSuperuser("postgres");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT n FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void refusesAWrongPasswordAndADirectoryThatHoldsSomethingElse(@TempDir Path directory) throws Exception {
        Path shared = readableByOthers(directory);
        PostgresSettings settings = PostgresSettings.of(shared.resolve("postgres"), 0, shared.resolve("postgres.log"), PASSWORD);
        try (PostgresServer ignored = PostgresServer.start(settings)) {
            assertThat(ignored.isAlive()).isTrue();
        }
        PostgresSettings wrongPassword = PostgresSettings.of(settings.dataDirectory(), 0, settings.logFile(), PostgresServer.newPassword());
        assertThatThrownBy(() -> PostgresServer.start(wrongPassword)).hasMessageContaining("refused the superuser's password");

        Path other = Files.createDirectories(shared.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> PostgresServer.start(PostgresSettings.of(other, 0, shared.resolve("other.log"), PASSWORD)))
                .hasMessageContaining("holds files but no PostgreSQL cluster");
        assertThat(Files.readString(other.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void diesWithAParentKilledWithSigkill(@TempDir Path directory) throws Exception {
        Path shared = readableByOthers(directory);
        Child child = Child.start(List.of(), shared, classPath());
        assertThat(child.user).isNotEqualTo("root");
        child.process.destroyForcibly();
        assertGone(child.postmasterPid);
    }

    /**
     * Under root the tests above run the server as an unprivileged user; this one runs the JVM
     * itself as that user, which is how a developer's machine starts it: the server then runs as
     * the JVM's own user, without switching.
     */
    @Test
    void runsAsTheJvmsOwnUserWhenThatIsNotRoot(@TempDir Path directory) throws Exception {
        Path shared = readableByOthers(directory);
        List<String> prefix = new ArrayList<>();
        String classPath = classPath();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            long uid = Long.parseLong(run("id", "-u", RunAs.DEFAULT_USER_UNDER_ROOT));
            long gid = Long.parseLong(run("id", "-g", RunAs.DEFAULT_USER_UNDER_ROOT));
            prefix = List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
            classPath = copyReadable(classPath, Files.createDirectories(shared.resolve("classpath")));
            Path data = Files.createDirectories(shared.resolve("child"));
            RunAs.forThisJvm(null).own(data);
        }
        Child child = Child.start(prefix, shared.resolve("child"), classPath);
        String jvmUser = ProcessHandle.of(child.process.pid()).flatMap(handle -> handle.info().user()).orElseThrow();
        assertThat(child.user).isEqualTo(jvmUser);
        if (root) {
            assertThat(jvmUser).isEqualTo(RunAs.DEFAULT_USER_UNDER_ROOT);
        }
        assertThat(ProcessHandle.of(child.postmasterPid).flatMap(handle -> handle.info().user())).contains(jvmUser);
        child.process.getOutputStream().close();
        child.process.destroyForcibly();
        assertGone(child.postmasterPid);
    }

    private static String settingOf(PostgresServer server, String name) throws Exception {
        try (Connection connection = server.connectAsSuperuser("postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("PostgreSQL (pid %d) outlived its parent", pid).isFalse();
    }

    private static Path readableByOthers(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The class path's jars and directories copied where another user can read them. */
    private static String copyReadable(String classPath, Path target) throws IOException {
        List<String> copied = new ArrayList<>();
        int index = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = target.resolve((index++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> paths = Files.walk(source)) {
                    for (Path path : paths.toList()) {
                        Path destination = copy.resolve(source.relativize(path).toString());
                        if (Files.isDirectory(path)) {
                            Files.createDirectories(destination);
                        } else {
                            Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copied.add(copy.toString());
        }
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(java.io.File.pathSeparator, copied);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return output;
    }

    private record Child(Process process, long postmasterPid, String user) {

        static Child start(List<String> prefix, Path directory, String classPath) throws IOException {
            List<String> command = new ArrayList<>(prefix);
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-cp");
            command.add(classPath);
            command.add(PostgresChild.class.getName());
            command.add(directory.toString());
            command.add(PASSWORD);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = output.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    String[] words = line.split(" ");
                    Thread drain = new Thread(() -> drain(output));
                    drain.setDaemon(true);
                    drain.start();
                    return new Child(process, Long.parseLong(words[1]), words[2]);
                }
            }
            throw new AssertionError("the child JVM ended before its server was ready:\n" + seen);
        }

        private static void drain(BufferedReader output) {
            try {
                while (output.readLine() != null) {
                    // keeps the child's stdout from filling up
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }
    }
}
