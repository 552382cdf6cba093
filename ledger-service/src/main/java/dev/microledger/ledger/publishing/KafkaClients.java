package dev.microledger.ledger.publishing;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

@Configuration
class KafkaClients {

    /**
     * How long a stopping service waits for sends still in flight. Axon has stopped the publisher's
     * processor by then; what is still unacknowledged was never marked published and goes out again
     * after the next start. Without a bound, a broker that went away first held the stop for the
     * whole acknowledgement timeout.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The producer behind the outbox. Idempotence with acks=all means an acknowledged event is on
     * every in-sync replica and a retried send is not written twice. One request in flight per
     * broker keeps every partition in send order even while a request is being retried: with
     * several in flight, a batch sent while an earlier one waited for a new partition leader was
     * seen to land first, which consumers must then treat as a gap. One request still carries
     * batches for every partition of that broker, so the cost in throughput is small.
     */
    @Bean(destroyMethod = "")
    Producer<String, byte[]> ledgerEventProducer(PublishingProperties properties) {
        Map<String, Object> config = safeProducerConfig(properties, "ledger-service-publisher");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.LINGER_MS_CONFIG, properties.lingerMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, properties.batchSizeBytes());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, properties.compressionType());
        int ackTimeoutMillis = properties.ackTimeoutSeconds() * 1000;
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ackTimeoutMillis);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms; half leaves room for one retry.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1_000, ackTimeoutMillis / 2 - properties.lingerMillis()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config);
    }

    /**
     * What every producer of ledger-service shares: idempotence and acks=all (an acknowledged record
     * is on every in-sync replica and a retried send is not written twice), string keys, byte values.
     */
    static Map<String, Object> safeProducerConfig(PublishingProperties properties, String clientId) {
        Map<String, Object> config = new HashMap<>(login(properties));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Closes the producer when the service stops, waiting at most {@link #CLOSE_TIMEOUT} (Spring's own close would wait without end). */
    @Bean
    DisposableBean ledgerEventProducerClose(Producer<String, byte[]> ledgerEventProducer) {
        return () -> ledgerEventProducer.close(CLOSE_TIMEOUT);
    }

    static Map<String, Object> adminConfig(PublishingProperties properties) {
        Map<String, Object> config = new HashMap<>(login(properties));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ledger-service-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }

    /**
     * What every client of ledger-service logs in with: the broker takes SASL logins only, and its
     * ACLs let this user alone create and write the ledger's topics.
     */
    static Map<String, Object> login(PublishingProperties properties) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + quote(properties.username()) + "\" password=\"" + quote(properties.password()) + "\";");
    }

    // A JAAS value is a quoted string in which a backslash escapes the next character.
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
