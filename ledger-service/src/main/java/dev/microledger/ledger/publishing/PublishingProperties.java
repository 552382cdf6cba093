package dev.microledger.ledger.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how the ledger publishes its events. Producer settings that matter for safety
 * (idempotence, acks=all) are not configurable: they are what makes the event store a reliable
 * outbox.
 *
 * @param bootstrapServers   the Kafka brokers
 * @param username           the SCRAM-SHA-256 user every client of this service logs in as
 *                           ({@code KAFKA_USERNAME}, by default {@code ledger-service})
 * @param password           its password ({@code KAFKA_PASSWORD}); no default, the broker takes no
 *                           anonymous clients
 * @param topic              the one topic every ledger event goes to, keyed by account id
 * @param partitions         partitions of the topic when the ledger creates it
 * @param replicationFactor  replicas of the topic when the ledger creates it
 * @param lingerMillis       how long the producer waits to fill a batch
 * @param batchSizeBytes     the producer's batch size per partition
 * @param compressionType    the producer's compression (none, lz4, zstd, …)
 * @param ackTimeoutSeconds  how long a processor batch waits for Kafka's acknowledgement before it
 *                           is rolled back and retried
 * @param pollIntervalMillis how often the publisher looks for new events once it has caught up,
 *                           while its last look found none
 * @param busyPollIntervalMillis how often it looks while its looks keep finding events: each look
 *                           is one Kafka batch and one database transaction, here and in
 *                           query-service
 */
@ConfigurationProperties(prefix = "ledger.kafka")
record PublishingProperties(
        String bootstrapServers,
        String username,
        String password,
        String topic,
        int partitions,
        short replicationFactor,
        int lingerMillis,
        int batchSizeBytes,
        String compressionType,
        int ackTimeoutSeconds,
        int pollIntervalMillis,
        int busyPollIntervalMillis) {

    PublishingProperties {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("ledger.kafka.username (KAFKA_USERNAME) must be set");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("ledger.kafka.password (KAFKA_PASSWORD) must be set: the broker takes "
                    + "no anonymous clients, and ledger-service logs in as " + username + " with SCRAM-SHA-256");
        }
    }

    @Override
    public String toString() {
        return "PublishingProperties[bootstrapServers=" + bootstrapServers + ", username=" + username + ", topic=" + topic + "]";
    }
}
