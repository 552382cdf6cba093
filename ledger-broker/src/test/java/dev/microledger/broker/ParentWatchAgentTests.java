package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParentWatchAgentTests {

    @TempDir
    Path directory;

    @Test
    void agentJarHoldsOnlyTheAgentClassAndNamesItAsPremainClass() throws IOException {
        Path jarFile = ParentWatchAgent.writeAgentJar(directory.resolve("parent-watch.jar"));

        try (JarFile jar = new JarFile(jarFile.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("dev.microledger.broker.ParentWatchAgent");
            assertThat(jar.stream().map(entry -> entry.getName()).filter(name -> name.endsWith(".class")))
                    .containsExactly("dev/microledger/broker/ParentWatchAgent.class");
        }
    }

    @Test
    void rewritingTheJarReplacesIt() throws IOException {
        Path jarFile = directory.resolve("parent-watch.jar");
        ParentWatchAgent.writeAgentJar(jarFile);

        ParentWatchAgent.writeAgentJar(jarFile);

        assertThat(directory.toFile().list()).containsExactly("parent-watch.jar");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 0", "'', 0", "10, 10", "' 7 ', 7", "999, 60", "-5, 0", "soon, 0"})
    void exitDelayArgumentIsSecondsBoundedAndForgiving(String argument, long expectedSeconds) {
        assertThat(ParentWatchAgent.parseExitDelaySeconds(argument)).isEqualTo(expectedSeconds);
    }

    @Test
    void agentOptionCarriesTheExitDelay() {
        Path jarFile = directory.resolve("parent-watch.jar");

        assertThat(ParentWatchAgent.javaAgentOption(jarFile, 10)).isEqualTo("-javaagent:" + jarFile + "=10");
        assertThatIllegalArgumentException().isThrownBy(() -> ParentWatchAgent.javaAgentOption(jarFile, 61));
    }
}
