package dev.microledger.query.consuming;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * How the projection consumes the ledger's topic. Every value has its default in
 * {@code application.properties}, so that an operator sees all of them in one place; the
 * ranges here keep a typo from turning into an unbounded wait or a busy loop.
 *
 * @param bootstrapServers          the Kafka brokers, comma-separated host:port
 * @param username                  the SCRAM-SHA-256 user this service logs in as ({@code KAFKA_USERNAME})
 * @param password                  its password ({@code KAFKA_PASSWORD}); no default, the broker takes no
 *                                  anonymous clients
 * @param topic                     the topic the ledger-service publishes to
 * @param groupId                   the consumer group; instances of one group share the partitions
 * @param clientId                  names this client in the broker's logs and metrics
 * @param maxPollRecords            the most records one poll returns, and so the most events in one database transaction
 * @param pollTimeoutMillis         how long one poll waits for records
 * @param commitTimeoutMillis       how long a synchronous offset commit may take
 * @param metadataTimeoutMillis     how long one look-up of the topic's partitions may take
 * @param topicRetryMillis          the pause between look-ups while the topic does not exist yet
 * @param retryBackoffMillisMin     the first pause after a failed database transaction
 * @param retryBackoffMillisMax     the longest pause between retries; the pause doubles up to it
 * @param shutdownTimeoutMillis     how long stopping waits for the consumer thread to finish its batch
 * @param progressLogIntervalSeconds how often one progress line is logged
 */
@ConfigurationProperties(prefix = "query.kafka")
record KafkaConsumerSettings(
        String bootstrapServers,
        String username,
        String password,
        String topic,
        String groupId,
        String clientId,
        int maxPollRecords,
        long pollTimeoutMillis,
        long commitTimeoutMillis,
        long metadataTimeoutMillis,
        long topicRetryMillis,
        long retryBackoffMillisMin,
        long retryBackoffMillisMax,
        long shutdownTimeoutMillis,
        long progressLogIntervalSeconds) {

    static final int MAX_POLL_RECORDS_MAX = 10_000;
    static final long TIMEOUT_MILLIS_MAX = 300_000;

    KafkaConsumerSettings {
        requireText(bootstrapServers, "bootstrap-servers");
        requireText(username, "username (KAFKA_USERNAME)");
        requireText(password, "password (KAFKA_PASSWORD)");
        requireText(topic, "topic");
        requireText(groupId, "group-id");
        requireText(clientId, "client-id");
        requireRange(maxPollRecords, 1, MAX_POLL_RECORDS_MAX, "max-poll-records");
        requireRange(pollTimeoutMillis, 1, TIMEOUT_MILLIS_MAX, "poll-timeout-millis");
        requireRange(commitTimeoutMillis, 1, TIMEOUT_MILLIS_MAX, "commit-timeout-millis");
        requireRange(metadataTimeoutMillis, 1, TIMEOUT_MILLIS_MAX, "metadata-timeout-millis");
        requireRange(topicRetryMillis, 1, TIMEOUT_MILLIS_MAX, "topic-retry-millis");
        requireRange(retryBackoffMillisMin, 1, TIMEOUT_MILLIS_MAX, "retry-backoff-millis-min");
        requireRange(retryBackoffMillisMax, retryBackoffMillisMin, TIMEOUT_MILLIS_MAX, "retry-backoff-millis-max");
        requireRange(shutdownTimeoutMillis, 1, TIMEOUT_MILLIS_MAX, "shutdown-timeout-millis");
        requireRange(progressLogIntervalSeconds, 1, 86_400, "progress-log-interval-seconds");
    }

    /** @return the client settings that log in as this service's user */
    Map<String, Object> login() {
        return KafkaLogins.scram(username, password);
    }

    @Override
    public String toString() {
        return "KafkaConsumerSettings[bootstrapServers=" + bootstrapServers + ", username=" + username + ", topic=" + topic
                + ", groupId=" + groupId + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("query.kafka." + name + " must be set");
        }
    }

    private static void requireRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "query.kafka." + name + " must be between " + min + " and " + max + ": " + value);
        }
    }
}
