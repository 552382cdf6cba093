package dev.microledger.ledger.publishing;

import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeyRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shares the keys with query-service on a compacted topic, one record per key keyed by its id,
 * so the topic always holds the latest state of every key (the hash, never the secret).
 */
@Component
public class KeyTopicPublisher implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final PublishingProperties properties;
    private volatile Producer<String, byte[]> producer;
    private volatile String provisionedTopic;

    KeyTopicPublisher(PublishingProperties properties) {
        this.properties = properties;
    }

    /**
     * Publishes the keys and waits for Kafka's acknowledgement of every one.
     *
     * @throws IllegalStateException when Kafka does not acknowledge them in time
     */
    public void publish(String topic, List<ApiKey> keys) {
        ensureTopic(topic);
        List<Future<?>> sends = new ArrayList<>(keys.size());
        for (ApiKey key : keys) {
            sends.add(producer().send(new ProducerRecord<>(topic, key.keyId(), ApiKeyRecords.encode(key))));
        }
        try {
            for (Future<?> send : sends) {
                send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException exception) {
            throw new IllegalStateException("Kafka did not acknowledge the keys on " + topic + ": " + exception, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the keys", exception);
        }
    }

    @Override
    public void close() {
        Producer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = KafkaClients.safeProducerConfig(properties, "ledger-service-keys");
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
                    producer = new KafkaProducer<>(config);
                }
            }
        }
        return producer;
    }

    private void ensureTopic(String topic) {
        if (topic.equals(provisionedTopic)) {
            return;
        }
        NewTopic compacted = new NewTopic(topic, 1, properties.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try (Admin admin = Admin.create(KafkaClients.adminConfig(properties))) {
            admin.createTopics(List.of(compacted)).all().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException exception) {
            if (!(exception.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + exception.getCause(), exception);
            }
        } catch (TimeoutException exception) {
            throw new IllegalStateException("Kafka did not answer while creating topic " + topic, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, exception);
        }
        provisionedTopic = topic;
    }
}
