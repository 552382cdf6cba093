package dev.microledger.query.support;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to the shared test broker the way the ledger-service would, logged in as the broker's
 * super user so that it may write any test topic: creates the topic, and
 * produces encoded events keyed by account id and linked in their accounts' chains ({@link TestChain}). Also tells when a
 * consumer group has caught up with a topic, for tests that cannot ask by version.
 */
public final class TestKafka {

    private static final long TIMEOUT_SECONDS = 30;
    private static final LedgerEventCodec codec = new LedgerEventCodec();

    private TestKafka() {
    }

    public static String bootstrapServers() {
        return SharedTestBroker.get().bootstrapServers();
    }

    /** Points a query-service under test at the shared broker with the login of query-service. */
    public static void registerConnection(DynamicPropertyRegistry registry) {
        registry.add("query.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("query.kafka.username", () -> SharedTestBroker.queryServiceLogin().username());
        registry.add("query.kafka.password", () -> SharedTestBroker.queryServiceLogin().password());
    }

    /** The same as command-line arguments, for a query-service started by a test itself. */
    public static List<String> connectionArguments() {
        return List.of("--query.kafka.bootstrap-servers=" + bootstrapServers(),
                "--query.kafka.username=" + SharedTestBroker.queryServiceLogin().username(),
                "--query.kafka.password=" + SharedTestBroker.queryServiceLogin().password());
    }

    /** The client settings of ledger-service's login, for tests that do what ledger-service does. */
    public static Map<String, Object> ledgerServiceLogin() {
        return SharedTestBroker.clientProperties(SharedTestBroker.ledgerServiceLogin());
    }

    public static void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    /** Produces the events in order, each keyed by its account, and waits until all are acknowledged. */
    public static void produce(String topic, List<LedgerEvent> events) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            byte[] value = codec.encode(event);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), value);
            record.headers().add(EventChain.HEADER, TestChain.link(topic, event, value));
            records.add(record);
        }
        produceRecords(records);
    }

    /**
     * Produces one record as it is, with the given chain link header when it is not null: what
     * someone who can write the topic but does not hold the key can send.
     */
    public static void produceRecord(String topic, String key, byte[] value, byte[] link) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (link != null) {
            record.headers().add(EventChain.HEADER, link);
        }
        produceRecords(List.of(record));
    }

    /** Produces one record as it is, for bytes that are not a valid event. */
    public static void produceRaw(String topic, String key, byte[] value) {
        produceRecords(List.of(new ProducerRecord<>(topic, key, value)));
    }

    private static void produceRecords(List<ProducerRecord<String, byte[]>> records) {
        Properties properties = new Properties();
        properties.putAll(SharedTestBroker.clientProperties(SharedTestBroker.adminLogin()));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                sends.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to the test broker", e);
        }
    }

    /**
     * Waits until the group has committed the end offset of every partition of the topic, that
     * is, until it has projected everything produced so far.
     */
    public static void awaitCaughtUp(String topic, String groupId, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            Map<TopicPartition, Long> committed = Map.of();
            while (System.nanoTime() < deadlineNanos) {
                committed = committedOffsets(admin, groupId);
                if (caughtUp(ends, committed)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("group " + groupId + " did not catch up with " + topic + " within " + timeout
                    + ": end offsets " + ends + ", committed " + committed);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets from the test broker", e);
        }
    }

    private static boolean caughtUp(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(partition ->
                request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String groupId)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private static Admin admin() {
        Properties properties = new Properties();
        properties.putAll(SharedTestBroker.clientProperties(SharedTestBroker.adminLogin()));
        return Admin.create(properties);
    }

    /** A short random tag that keeps one test run's topics, groups and accounts apart from others'. */
    public static String uniqueTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
