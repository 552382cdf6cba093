package dev.microledger.query.consuming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaConsumerSettingsTests {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aMissingPasswordNamesThePropertyAndItsVariable(String password) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(password))
                .withMessageContaining("query.kafka.password (KAFKA_PASSWORD) must be set");
    }

    @Test
    void theConsumerLogsInWithScramAndThePasswordStaysOutOfItsDescription() {
        KafkaConsumerSettings settings = settings("s3cret");

        assertThat(settings.login())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"query-service\" password=\"s3cret\";");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    private static KafkaConsumerSettings settings(String password) {
        return new KafkaConsumerSettings("127.0.0.1:9092", "query-service", password, "ledger.events", "query-service",
                "query-service", 10_000, 500, 10_000, 5_000, 2_000, 200, 30_000, 15_000, 60);
    }
}
