package dev.microledger.bench.raw;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.microledger.bench.report.RawLimit;
import dev.microledger.broker.KafkaLogin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker's raw append limit: real ledger events (see {@link EventSamples}) produced with the
 * ledger's own producer settings (idempotent, acks=all, lz4, linger 5 ms, 256 KiB batches) to a
 * scratch topic with as many partitions as the ledger's, keyed by account as the ledger keys them.
 */
public final class RawKafkaProduce {

    public static final String NAME = "Raw Kafka produce of event-sized records";

    static final int PARTITIONS = 12;
    static final int KEYS = 10_000;

    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long FLUSH_TIMEOUT_SECONDS = 60;

    private RawKafkaProduce() {
    }

    /**
     * Creates the scratch topic, produces for {@code seconds}, waits for every acknowledgement
     * and deletes the topic again.
     *
     * @param login the broker's super user: the scratch topic's name is none of the ledger's, so
     *     no service's user may create it
     * @param topic a topic name unique to this run
     */
    public static RawLimit measure(String bootstrapServers, KafkaLogin login, String topic, int seconds) {
        Map<String, Object> adminConfig = login.clientProperties(bootstrapServers);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "ledger-bench-admin");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try {
                return produce(bootstrapServers, login, topic, seconds);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return RawLimit.skipped(NAME, "records", "interrupted");
        } catch (Exception exception) {
            return RawLimit.skipped(NAME, "records", "failed on " + bootstrapServers + ": " + exception);
        }
    }

    /** The same settings as ledger-service's publisher (see its KafkaClients), SASL login included. */
    static Map<String, Object> producerConfig(String bootstrapServers, KafkaLogin login) {
        Map<String, Object> config = new HashMap<>(login.clientProperties(bootstrapServers));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ledger-bench-raw-producer");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 14_995);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static RawLimit produce(String bootstrapServers, KafkaLogin login, String topic, int seconds) {
        EventSamples events = EventSamples.create();
        LongAdder acknowledged = new LongAdder();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long sent = 0;
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos(seconds);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers, login))) {
            // send() blocks once the producer's buffer is full, which paces this loop to the broker.
            while (System.nanoTime() - deadlineNanos < 0 && firstFailure.get() == null) {
                String key = "raw-" + (sent % KEYS);
                producer.send(new ProducerRecord<>(topic, key, events.get(sent)), (metadata, exception) -> {
                    if (exception == null) {
                        acknowledged.increment();
                    } else {
                        firstFailure.compareAndSet(null, exception);
                    }
                });
                sent++;
            }
            producer.flush();
            double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
            producer.close(Duration.ofSeconds(FLUSH_TIMEOUT_SECONDS));
            if (firstFailure.get() != null) {
                return RawLimit.skipped(NAME, "records", "a send failed: " + firstFailure.get());
            }
            long records = acknowledged.sum();
            String detail = String.format(Locale.ROOT,
                    "ledger events of %d bytes on average, %d partitions, acks=all, idempotent, lz4, linger 5 ms;"
                            + " %.1f s including the final flush, %,d records",
                    events.averageBytes(), PARTITIONS, elapsedSeconds, records);
            return new RawLimit(NAME, "records", records / elapsedSeconds, records, elapsedSeconds, detail, null);
        }
    }
}
