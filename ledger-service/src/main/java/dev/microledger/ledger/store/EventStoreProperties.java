package dev.microledger.ledger.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a transaction may write to the event store.
 * <p>
 * The transaction timeout is PostgreSQL's {@code transaction_timeout}, set on every connection of
 * ledger-service ({@code spring.datasource.hikari.connection-init-sql}): the server ends any
 * transaction of the service that runs longer, whatever the service is doing. It should be no
 * shorter than the waits the service may do inside a transaction: the publisher's wait for
 * Kafka's acknowledgement ({@code ledger.kafka.ack-timeout-seconds}) and a command's wait for an
 * account lock ({@code ledger.accounts.lock-wait-seconds}); a transaction that outlasts it is
 * rolled back and its connection closed.
 *
 * @param transactionTimeoutSeconds the longest a transaction of ledger-service lasts, 1 to 3600
 */
@ConfigurationProperties(prefix = "ledger.event-store")
record EventStoreProperties(int transactionTimeoutSeconds) {

    static final int TRANSACTION_TIMEOUT_SECONDS_MAX = 3600;

    EventStoreProperties {
        if (transactionTimeoutSeconds < 1 || transactionTimeoutSeconds > TRANSACTION_TIMEOUT_SECONDS_MAX) {
            throw new IllegalArgumentException("ledger.event-store.transaction-timeout-seconds must be 1.."
                    + TRANSACTION_TIMEOUT_SECONDS_MAX + ", got " + transactionTimeoutSeconds);
        }
    }
}
