package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTests {

    @TempDir
    Path directory;

    @Test
    void theChildsClassPathIsTheParentsMadeAbsolute() {
        String classPath = KafkaBroker.parentClassPath();

        assertThat(classPath.split(File.pathSeparator))
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
    }

    @Test
    void startFailsAtOnceWhenThePortIsTaken() throws IOException {
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka"))
                    .withPorts(occupant.getLocalPort(), 0);

            assertThatIllegalStateException()
                    .isThrownBy(() -> KafkaBroker.start(settings))
                    .withMessageContaining("port 127.0.0.1:" + occupant.getLocalPort() + " is already in use");
        }
    }
}
