package dev.microledger.query.support;

import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeyRecords;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.access.Role;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keys for query-service tests, put on the test key topic ({@code ledger.keys.test}, see
 * {@code config/application.properties} of the tests) as ledger-service would put them.
 */
public final class TestKeys {

    public static final String TOPIC = "ledger.keys.test";

    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static volatile boolean topicCreated;

    private TestKeys() {
    }

    /** A key with support, analyst and operator: everything query-service serves. */
    public static String all() {
        return key(Role.SUPPORT, Role.ANALYST, Role.OPERATOR);
    }

    /** A key with exactly these roles, published once per JVM. */
    public static String key(Role... roles) {
        Set<Role> set = Set.of(roles);
        return KEYS.computeIfAbsent(set.toString(), ignored -> publishNew("test " + set, set, null));
    }

    /** Publishes a new key and returns it. */
    public static String publishNew(String name, Set<Role> roles, Instant revokedAt) {
        String secret = ApiKeySecrets.generate();
        publish(new ApiKey(ApiKeySecrets.keyId(secret).orElseThrow(), name, roles, ApiKeySecrets.hash(secret),
                Instant.now(), revokedAt));
        return secret;
    }

    /** Publishes the record of a key, such as its revocation, as ledger-service does. */
    public static void publish(ApiKey key) {
        publishRaw(key.keyId(), ApiKeyRecords.encode(key));
    }

    /** Puts any bytes on the key topic, as someone with write access to the broker could. */
    public static void publishRaw(String recordKey, byte[] value) {
        ensureTopic();
        Properties config = new Properties();
        config.putAll(TestKafka.ledgerServiceLogin());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, recordKey, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception exception) {
            throw new IllegalStateException("cannot publish to " + TOPIC, exception);
        }
    }

    /** The test broker creates no topic by itself; ledger-service would create this one, compacted. */
    private static synchronized void ensureTopic() {
        if (topicCreated) {
            return;
        }
        Properties config = new Properties();
        config.putAll(TestKafka.ledgerServiceLogin());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException exception) {
            if (!(exception.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC, exception);
            }
        } catch (Exception exception) {
            throw new IllegalStateException("cannot create " + TOPIC, exception);
        }
        topicCreated = true;
    }
}
