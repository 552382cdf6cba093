package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSystemTests {

    @TempDir
    Path directory;

    @Test
    void startFailsWithABuildHintWhenAServiceJarIsMissing() {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data"))
                .withServicesDirectory(directory.resolve("services"))
                .withPorts(0, 0, 0, 0, 0);

        assertThatIllegalStateException()
                .isThrownBy(() -> EmbeddedSystem.start(settings))
                .withMessage("service jar not found at " + directory.resolve("services/ledger-service.jar")
                        + "; build with ./mvnw -DskipTests package");
        // Nothing was started, so nothing was written either.
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void startFailsWithABuildHintWhenAServiceJarIsNotRunnable() throws IOException {
        Path services = Files.createDirectories(directory.resolve("services"));
        writeJarWithoutMainClass(services.resolve("ledger-service.jar"));
        writeJarWithoutMainClass(services.resolve("query-service.jar"));
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory.resolve("data"))
                .withServicesDirectory(services)
                .withPorts(0, 0, 0, 0, 0);

        assertThatIllegalStateException()
                .isThrownBy(() -> EmbeddedSystem.start(settings))
                .withMessageContaining("has no Main-Class")
                .withMessageEndingWith("build with ./mvnw -DskipTests package");
    }

    @Test
    void theServicesDirectoryCanBeSetWithASystemProperty() {
        String previous = System.setProperty(EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY, directory.toString());
        try {
            assertThat(EmbeddedSystem.defaultServicesDirectory()).isEqualTo(directory);
        } finally {
            restore(previous);
        }
    }

    @Test
    void theServicesDirectoryIsBesideTheLaunchersCodeByDefault() {
        String previous = System.clearProperty(EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY);
        try {
            // In a build the launcher's code is target/classes or target/ledger-launcher.jar.
            assertThat(EmbeddedSystem.defaultServicesDirectory().toString()).endsWith("target" + File.separator + "services");
        } finally {
            restore(previous);
        }
    }

    @Test
    void fixedPortsMustDiffer() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddedSystem.Settings.defaults(directory).withPorts(8080, 8080, 0, 0, 0))
                .withMessageContaining("must differ");
    }

    @Test
    void zeroPortsBecomeDistinctFreePortsAndFixedOnesStay() {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory).withPorts(0, 0, 18092, 0, 0)
                .withFreePortsForZeros();

        assertThat(settings.kafkaPort()).isEqualTo(18092);
        assertThat(Set.of(settings.ledgerPort(), settings.queryPort(), settings.kafkaPort(), settings.kafkaControllerPort()))
                .hasSize(4)
                .doesNotContain(0);
    }

    @Test
    void extraServiceArgumentsReplaceTheLaunchersOwnOfTheSameNameAndComeLast() {
        List<String> merged = EmbeddedSystem.Settings.withOverrides(
                List.of("--server.port=1", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/x"),
                List.of("--spring.datasource.url=jdbc:postgresql://db/ledger", "--ledger.group-commit.enabled=false"));

        assertThat(merged).containsExactly(
                "--server.port=1", "--spring.datasource.url=jdbc:postgresql://db/ledger", "--ledger.group-commit.enabled=false");
    }

    @Test
    void extraServiceArgumentsAreKeptPerServiceAcrossCopies() {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory)
                .withLedgerArguments(List.of("--ledger.group-commit.enabled=false"))
                .withQueryArguments(List.of("--query.kafka.max-poll-records=500"))
                .withPorts(0, 0, 0, 0, 0)
                .withFreePortsForZeros();

        assertThat(settings.ledgerArguments()).containsExactly("--ledger.group-commit.enabled=false");
        assertThat(settings.queryArguments()).containsExactly("--query.kafka.max-poll-records=500");
        assertThat(EmbeddedSystem.Settings.defaults(directory).ledgerArguments()).isEmpty();
    }

    @Test
    void extraServiceArgumentsMustBeNameEqualsValueWords() {
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.withLedgerArguments(List.of("ledger.group-commit.enabled=false")))
                .withMessageContaining("--name=value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.withQueryArguments(List.of("--debug")))
                .withMessageContaining("--name=value");
    }

    private static void writeJarWithoutMainClass(Path jarFile) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.flush();
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY);
        } else {
            System.setProperty(EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY, previous);
        }
    }
}
