package dev.microledger.query.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where query-service learns the keys ({@code query.access.*}): the compacted key topic that
 * ledger-service keeps.
 *
 * @param bootstrapServers the Kafka brokers
 * @param username the Kafka user, the same as the consumer's ({@code query.kafka.username})
 * @param password its password ({@code query.kafka.password}, {@code KAFKA_PASSWORD})
 * @param keysTopic the key topic
 * @param pollTimeoutMillis how long one poll of the key topic waits: with ledger-service's refresh,
 *     the bound on how late a revocation binds here
 */
@ConfigurationProperties("query.access")
record QueryAccessProperties(
        String bootstrapServers,
        String username,
        String password,
        @DefaultValue("ledger.keys") String keysTopic,
        @DefaultValue("500") long pollTimeoutMillis) {

    QueryAccessProperties {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("query.access.bootstrap-servers must be set");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("query.access.username (by default query.kafka.username, KAFKA_USERNAME) must be set");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("query.access.password (by default query.kafka.password, KAFKA_PASSWORD) must be set");
        }
        if (pollTimeoutMillis < 10 || pollTimeoutMillis > 2000) {
            throw new IllegalArgumentException("query.access.poll-timeout-millis must be 10 to 2000");
        }
    }

    @Override
    public String toString() {
        return "QueryAccessProperties[bootstrapServers=" + bootstrapServers + ", username=" + username + ", keysTopic="
                + keysTopic + "]";
    }
}
