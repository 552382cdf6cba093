package dev.microledger.ledger.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EventStorePropertiesTests {

    @ParameterizedTest
    @CsvSource({
            "60, 60",
            "60, 119",
            "60, 30",
            "1, 1",
            "30, 86401"})
    void aGapTimeoutShorterThanTwiceTheTransactionTimeoutIsRefused(int transactionTimeoutSeconds,
                                                                   int gapTimeoutSeconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EventStoreProperties(transactionTimeoutSeconds, gapTimeoutSeconds))
                .withMessageContaining("ledger.event-store.gap-timeout-seconds must be at least twice");
    }

    @ParameterizedTest
    @CsvSource({"0, 120", "-1, 120", "3601, 86400"})
    void aTransactionTimeoutOutsideItsRangeIsRefused(int transactionTimeoutSeconds, int gapTimeoutSeconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EventStoreProperties(transactionTimeoutSeconds, gapTimeoutSeconds))
                .withMessageContaining("ledger.event-store.transaction-timeout-seconds must be 1..3600");
    }

    @ParameterizedTest
    @CsvSource({"60, 120", "1, 2", "3600, 86400"})
    void aGapTimeoutOfAtLeastTwiceTheTransactionTimeoutIsTaken(int transactionTimeoutSeconds,
                                                               int gapTimeoutSeconds) {
        assertThatNoException().isThrownBy(() -> new EventStoreProperties(transactionTimeoutSeconds, gapTimeoutSeconds));
    }
}
