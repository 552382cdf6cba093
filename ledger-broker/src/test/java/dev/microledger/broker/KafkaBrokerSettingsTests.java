package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaBrokerSettingsTests {

    @Test
    void defaultsUseLoopbackStandardPortsAndLogBesideTheDataDirectory() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(Path.of("/tmp/data/kafka"));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9092);
        assertThat(settings.controllerPort()).isEqualTo(9093);
        assertThat(settings.startTimeoutSeconds()).isEqualTo(60);
        assertThat(settings.logFile()).isEqualTo(Path.of("/tmp/data/logs/kafka.log"));
    }

    @Test
    void relativeDirectoriesBecomeAbsolute() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(Path.of("data/kafka"));

        assertThat(settings.dataDirectory()).isAbsolute();
        assertThat(settings.logFile()).isAbsolute();
        assertThat(settings.credentialsDirectory()).isAbsolute();
    }

    @Test
    void theBrokersPasswordIsKeptBesideTheDataDirectoryLikeTheLog() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(Path.of("/tmp/data/kafka"));

        assertThat(settings.credentialsDirectory()).isEqualTo(Path.of("/tmp/data/credentials"));
        assertThat(settings.withPorts(0, 0).withStartTimeoutSeconds(5).credentialsDirectory())
                .isEqualTo(Path.of("/tmp/data/credentials"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10"})
    void hostMustBeLoopback(String host) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KafkaBrokerSettings(Path.of("/tmp/kafka"), host, 9092, 9093, 60, Path.of("/tmp/kafka.log"),
                        Path.of("/tmp/credentials")))
                .withMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536})
    void portMustBeInRange(int port) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBrokerSettings.defaults(Path.of("/tmp/kafka")).withPorts(port, 9093))
                .withMessageContaining("port");
    }

    @Test
    void portAndControllerPortMustDiffer() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBrokerSettings.defaults(Path.of("/tmp/kafka")).withPorts(9092, 9092))
                .withMessageContaining("differ");
    }

    @Test
    void bothPortsMayBeZeroToPickFreeOnes() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(Path.of("/tmp/kafka")).withPorts(0, 0);

        assertThat(settings.port()).isZero();
        assertThat(settings.controllerPort()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 601})
    void startTimeoutIsBounded(int startTimeoutSeconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBrokerSettings.defaults(Path.of("/tmp/kafka")).withStartTimeoutSeconds(startTimeoutSeconds))
                .withMessageContaining("startTimeoutSeconds");
    }
}
