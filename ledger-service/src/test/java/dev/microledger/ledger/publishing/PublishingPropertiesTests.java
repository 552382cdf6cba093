package dev.microledger.ledger.publishing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishingPropertiesTests {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aMissingPasswordNamesThePropertyAndItsVariable(String password) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("ledger-service", password))
                .withMessageContaining("ledger.kafka.password (KAFKA_PASSWORD) must be set");
    }

    @Test
    void theServiceLogsInWithScramAndThePasswordStaysOutOfItsDescription() {
        PublishingProperties properties = properties("ledger-service", "s3cret\"quote");

        assertThat(KafkaClients.adminConfig(properties))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"ledger-service\" password=\"s3cret\\\"quote\";");
        assertThat(KafkaClients.safeProducerConfig(properties, "test")).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(properties.toString()).doesNotContain("s3cret");
    }

    private static PublishingProperties properties(String username, String password) {
        return new PublishingProperties("127.0.0.1:9092", username, password, "ledger.events", 12, (short) 1, 5, 262144,
                "lz4", 30, 10, 200);
    }
}
