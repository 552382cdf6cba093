package dev.microledger.ledger.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EventStorePropertiesTests {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3601})
    void aTransactionTimeoutOutsideItsRangeIsRefused(int transactionTimeoutSeconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EventStoreProperties(transactionTimeoutSeconds))
                .withMessageContaining("ledger.event-store.transaction-timeout-seconds must be 1..3600");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60, 3600})
    void aTransactionTimeoutWithinItsRangeIsTaken(int transactionTimeoutSeconds) {
        assertThatNoException().isThrownBy(() -> new EventStoreProperties(transactionTimeoutSeconds));
    }
}
