package dev.microledger.ledger.publishing;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the event topic from the start, as any consumer of the contract would. */
public final class TopicEvents {

    private TopicEvents() {
    }

    /**
     * Every event on the topic whose account is in {@code accountIds}, per partition in topic
     * order, read until {@code enough} holds or the timeout passes. It reads as query-service
     * does, with its login, which may read the topic and nothing more.
     */
    public static List<ConsumerRecord<String, LedgerEvent>> records(String bootstrapServers, String topic,
                                                                Collection<String> accountIds,
                                                                Predicate<List<ConsumerRecord<String, LedgerEvent>>> enough,
                                                                Duration timeout) {
        LedgerEventCodec codec = new LedgerEventCodec();
        Map<String, Object> config = SharedTestBroker.queryServiceLogin().clientProperties(bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> wanted = new HashSet<>(accountIds);
        List<ConsumerRecord<String, LedgerEvent>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!enough.test(seen) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(record.key())) {
                        seen.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                                record.key(), codec.decode(record.value())));
                    }
                }
            }
        }
        return seen;
    }

    /** The events of the given accounts, in topic order per partition (so per account in stream order). */
    public static List<LedgerEvent> read(String bootstrapServers, String topic, Collection<String> accountIds,
                                         int expectedCount, Duration timeout) {
        return records(bootstrapServers, topic, accountIds, seen -> seen.size() >= expectedCount, timeout)
                .stream().map(ConsumerRecord::value).toList();
    }
}
