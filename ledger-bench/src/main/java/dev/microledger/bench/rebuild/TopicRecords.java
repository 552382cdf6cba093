package dev.microledger.bench.rebuild;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.microledger.broker.KafkaLogin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How many records a topic holds: the sum over its partitions of end offset minus beginning offset. */
final class TopicRecords {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicRecords() {
    }

    /**
     * The ledger's publisher is idempotent and not transactional, so a partition's offsets hold no
     * control records and the offset difference is the record count.
     */
    static long count(String bootstrapServers, KafkaLogin login, String topic) {
        Properties properties = new Properties();
        properties.putAll(login.clientProperties(bootstrapServers));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            List<TopicPartition> topicPartitions = partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(topicPartitions, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(topicPartitions, TIMEOUT);
            long records = 0;
            for (TopicPartition partition : topicPartitions) {
                records += ends.get(partition) - beginnings.get(partition);
            }
            return records;
        }
    }
}
