package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what on the real broker: nobody anonymous, nobody with a wrong password, and of the
 * services' users only ledger-service writes the ledger's topics.
 */
class BrokerAccessIntegrationTests {

    private static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "ledger.events.access-" + TAG;
    private static final int REFUSED_TIMEOUT_MILLIS = 3_000;

    private static KafkaBroker broker;

    @BeforeAll
    static void createTopic() throws Exception {
        broker = SharedTestBroker.get();
        try (Admin admin = Admin.create(broker.clientProperties(SharedTestBroker.ledgerServiceLogin()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAnonymousClientGetsNotEvenTheTopicsMetadata() {
        Map<String, Object> anonymous = new HashMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));

        assertThatThrownBy(() -> produce(anonymous, TOPIC)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> listTopics(anonymous)).hasRootCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void theControllerListenerTakesNoAnonymousClientEither() throws Exception {
        String controller = broker.settings().host() + ":" + broker.settings().controllerPort();
        Map<String, Object> anonymous = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
        Map<String, Object> admin = broker.adminLogin().saslProperties();
        admin.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);

        assertThatThrownBy(() -> clusterId(anonymous)).hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(clusterId(admin)).isNotBlank();
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaLogin wrong = KafkaLogin.scram(LedgerAcls.LEDGER_SERVICE_USERNAME, "not-the-password");

        assertThatThrownBy(() -> produce(broker.clientProperties(wrong), TOPIC))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> listTopics(broker.clientProperties(wrong)))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void ledgerServiceProducesAndQueryServiceReadsInItsGroup() throws Exception {
        produce(broker.clientProperties(SharedTestBroker.ledgerServiceLogin()), TOPIC);

        assertThat(consume(SharedTestBroker.queryServiceLogin(), "query-access-" + TAG)).containsExactly("alice");
    }

    @Test
    void queryServiceMayNeitherProduceNorCreateTopics() {
        Map<String, Object> query = broker.clientProperties(SharedTestBroker.queryServiceLogin());

        // An idempotent producer is refused before its first send; a plain one when it sends.
        assertThatThrownBy(() -> produce(query, TOPIC)).isInstanceOf(ClusterAuthorizationException.class);
        assertThatThrownBy(() -> produce(query, TOPIC, false)).isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> createTopic(query, "ledger.events.forged-" + TAG))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void queryServiceReadsOnlyInGroupsOfItsPrefix() {
        assertThatThrownBy(() -> consume(SharedTestBroker.queryServiceLogin(), "other-" + TAG))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void ledgerServiceMayCreateOnlyTheLedgersTopics() {
        Map<String, Object> ledger = broker.clientProperties(SharedTestBroker.ledgerServiceLogin());

        assertThatThrownBy(() -> createTopic(ledger, "other.events-" + TAG))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    private static void produce(Map<String, Object> login, String topic) throws Exception {
        produce(login, topic, true);
    }

    private static void produce(Map<String, Object> login, String topic, boolean idempotent) throws Exception {
        Map<String, Object> settings = new HashMap<>(login);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, REFUSED_TIMEOUT_MILLIS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "alice", "AccountCredited 1000000 USD")).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException exception) {
            throw (Exception) exception.getCause();
        }
    }

    private static List<String> consume(KafkaLogin login, String group) {
        Map<String, Object> settings = broker.clientProperties(login);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadlineNanos = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
            consumer.commitSync();
        }
        return keys;
    }

    private static void createTopic(Map<String, Object> login, String topic) throws Exception {
        try (Admin admin = Admin.create(login)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void listTopics(Map<String, Object> login) throws Exception {
        Map<String, Object> settings = new HashMap<>(login);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REFUSED_TIMEOUT_MILLIS);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REFUSED_TIMEOUT_MILLIS);
        try (Admin admin = Admin.create(settings)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static String clusterId(Map<String, Object> login) throws Exception {
        Map<String, Object> settings = new HashMap<>(login);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REFUSED_TIMEOUT_MILLIS);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REFUSED_TIMEOUT_MILLIS);
        try (Admin admin = Admin.create(settings)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }
}
