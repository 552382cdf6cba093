package dev.microledger.ledger.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a transaction may write to the event store, and how long the publisher keeps looking
 * at a position that was not committed when it passed it (see {@link SettledGaps}).
 * <p>
 * The transaction timeout is PostgreSQL's {@code transaction_timeout}, set on every connection of
 * ledger-service ({@code spring.datasource.hikari.connection-init-sql}): the server ends any
 * transaction of the service that runs longer, whatever the service is doing. It should be no
 * shorter than the waits the service may do inside a transaction: the publisher's wait for
 * Kafka's acknowledgement ({@code ledger.kafka.ack-timeout-seconds}) and a command's wait for an
 * account lock ({@code ledger.accounts.lock-wait-seconds}); a transaction that outlasts it is
 * rolled back and its connection closed.
 * <p>
 * The gap timeout must be at least twice as long. A gap is given up only when a later position
 * was seen committed at least that long ago; the transaction that took the gap's position began
 * before then, so the server has ended it one transaction timeout later. The second transaction
 * timeout is the margin for a commit that was already under way when the server's timer ran out.
 *
 * @param transactionTimeoutSeconds the longest a transaction of ledger-service lasts, 1 to 3600
 * @param gapTimeoutSeconds how long after a later position was seen committed a gap is given up:
 *     at least twice the transaction timeout, at most a day
 */
@ConfigurationProperties(prefix = "ledger.event-store")
record EventStoreProperties(int transactionTimeoutSeconds, int gapTimeoutSeconds) {

    static final int TRANSACTION_TIMEOUT_SECONDS_MAX = 3600;
    static final int GAP_TIMEOUT_SECONDS_MAX = 86_400;

    EventStoreProperties {
        if (transactionTimeoutSeconds < 1 || transactionTimeoutSeconds > TRANSACTION_TIMEOUT_SECONDS_MAX) {
            throw new IllegalArgumentException("ledger.event-store.transaction-timeout-seconds must be 1.."
                    + TRANSACTION_TIMEOUT_SECONDS_MAX + ", got " + transactionTimeoutSeconds);
        }
        if (gapTimeoutSeconds < 2 * transactionTimeoutSeconds || gapTimeoutSeconds > GAP_TIMEOUT_SECONDS_MAX) {
            throw new IllegalArgumentException("ledger.event-store.gap-timeout-seconds must be at least twice "
                    + "transaction-timeout-seconds (" + transactionTimeoutSeconds + " s) and at most "
                    + GAP_TIMEOUT_SECONDS_MAX + ", got " + gapTimeoutSeconds + ": a shorter one would let the "
                    + "publisher give up on a position whose transaction may still commit, and its events "
                    + "would never reach Kafka");
        }
    }
}
