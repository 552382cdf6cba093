package dev.microledger.query.access;

import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeyDirectory;
import dev.microledger.access.ApiKeyRecords;
import dev.microledger.query.consuming.KafkaLogins;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys as query-service knows them: the key topic read from its start into memory by a
 * thread of its own, apart from the projection, so that neither a projection that is behind nor
 * a bad event delays a revocation. The consumer has no group: every instance reads every key.
 * A record that is not a key record is logged and skipped, never fatal.
 */
@Component
class TopicKeyDirectory implements ApiKeyDirectory, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicKeyDirectory.class);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

    private final QueryAccessProperties properties;
    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    TopicKeyDirectory(QueryAccessProperties properties) {
        this.properties = properties;
    }

    @Override
    public Optional<ApiKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::consume, "api-key-topic");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void consume() {
        while (running) {
            try (KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(config())) {
                consumer = opened;
                assignWhenTopicExists(opened);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : opened.poll(Duration.ofMillis(properties.pollTimeoutMillis()))) {
                        apply(record);
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException exception) {
                log.warn("Reading the key topic {} failed; trying again: {}", properties.keysTopic(), exception.toString());
                sleep(TOPIC_RETRY);
            }
        }
    }

    private void assignWhenTopicExists(KafkaConsumer<String, byte[]> opened) {
        while (running) {
            List<PartitionInfo> partitions = opened.partitionsFor(properties.keysTopic(), Duration.ofSeconds(5));
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> assigned = partitions.stream()
                        .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
                opened.assign(assigned);
                opened.seekToBeginning(assigned);
                log.info("Reading keys from {}", properties.keysTopic());
                return;
            }
            sleep(TOPIC_RETRY);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                keys.remove(record.key());
            }
            return;
        }
        try {
            ApiKey key = ApiKeyRecords.decode(record.value());
            if (!key.keyId().equals(record.key())) {
                throw new IllegalArgumentException("the record's key " + record.key() + " is not its key id " + key.keyId());
            }
            ApiKey known = keys.get(key.keyId());
            // A revoked key stays revoked, whatever comes after on the topic.
            keys.put(key.keyId(), known != null && known.isRevoked() ? key.revokedAt(known.revokedAt()) : key);
        } catch (IllegalArgumentException exception) {
            log.warn("Skipped the record at offset {} of {}: {}", record.offset(), record.topic(), exception.getMessage());
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.putAll(KafkaLogins.scram(properties.username(), properties.password()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-service-keys");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1 << 20);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }
}
