package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIntegrationTests {

    private static final String TOPIC = "ledger.events.broker-test";
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void recordsSurviveARestartOnTheSameDataDirectoryAndCloseEndsTheProcess() throws Exception {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka"))
                .withPorts(0, 0)
                .withStartTimeoutSeconds(120);

        long firstPid;
        String password;
        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            firstPid = broker.pid();
            password = broker.adminLogin().password();
            assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            createTopic(broker);
            produce(broker, "alice", "AccountDebited 0.25 USD");

            assertThat(consumeAll(broker, 1)).containsExactly("alice=AccountDebited 0.25 USD");
        }
        assertThat(isAlive(firstPid)).isFalse();
        assertThat(directory.resolve("kafka/kafka-logs/meta.properties")).exists();
        assertThat(directory.resolve("kafka/server.properties")).content().contains("process.roles=broker,controller");

        // The second start picks other free ports: the data must not depend on them.
        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            assertThat(broker.adminLogin().password()).isEqualTo(password);

            assertThat(consumeAll(broker, 1)).containsExactly("alice=AccountDebited 0.25 USD");
            assertThat(topicNames(broker)).contains(TOPIC);
        }
        assertThat(directory.resolve("logs/kafka.log")).content()
                .contains("Formatting")
                .doesNotContain(" DEBUG ");
    }

    @Test
    void theBrokersPasswordAndConfigurationAreReadableByTheirOwnerAlone() throws IOException {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka")).withPorts(0, 0);

        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            Path passwordFile = directory.resolve("credentials").resolve(BrokerCredentials.BROKER_PASSWORD_FILE);
            assertThat(passwordFile).content().isEqualToIgnoringNewLines(broker.adminLogin().password());
            assertThat(permissions(passwordFile)).isEqualTo("rw-------");
            assertThat(permissions(passwordFile.getParent())).isEqualTo("rwx------");
            assertThat(permissions(directory.resolve("kafka/server.properties"))).isEqualTo("rw-------");
        }
    }

    @Test
    void loginsMadeOnAnExistingDataDirectoryTakeTheNewPasswordAtTheNextStart() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka")).withPorts(0, 0);
        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            broker.ensureLedgerLogins("first-ledger-password", "first-query-password");
        }

        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            broker.ensureLedgerLogins("second-ledger-password", "second-query-password");
            broker.ensureLedgerLogins("second-ledger-password", "second-query-password");

            assertThat(topicNames(broker, KafkaLogin.scram(LedgerAcls.LEDGER_SERVICE_USERNAME, "second-ledger-password")))
                    .isNotNull();
            assertThatThrownBy(() -> topicNames(broker, KafkaLogin.scram(LedgerAcls.LEDGER_SERVICE_USERNAME, "first-ledger-password")))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void closeStopsDependentsFirstIsIdempotentAndLeavesNoProcess() {
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka")).withPorts(0, 0);
        KafkaBroker broker = KafkaBroker.start(settings);
        List<String> events = new ArrayList<>();
        broker.addDependent(() -> events.add("first started, broker alive: " + broker.isAlive()));
        broker.addDependent(() -> events.add("second started, broker alive: " + broker.isAlive()));

        broker.close();
        broker.close();

        assertThat(events).containsExactly("second started, broker alive: true", "first started, broker alive: true");
        assertThat(broker.isAlive()).isFalse();
        assertThat(isAlive(broker.pid())).isFalse();
    }

    @Test
    void startFailsFastWithTheLogTailWhenTheBrokerExits() throws IOException {
        // A meta.properties that Kafka cannot read makes the directory look formatted and the broker fail.
        Path logDirectory = Files.createDirectories(directory.resolve("kafka/kafka-logs"));
        Files.writeString(logDirectory.resolve("meta.properties"), "version=1\nnode.id=not-a-number\n");
        KafkaBrokerSettings settings = KafkaBrokerSettings.defaults(directory.resolve("kafka")).withPorts(0, 0);
        long startNanos = System.nanoTime();

        assertThatIllegalStateException()
                .isThrownBy(() -> KafkaBroker.start(settings))
                .withMessageContaining("exited with code")
                .withMessageContaining("last lines of " + directory.resolve("logs/kafka.log"));
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(settings.startTimeoutSeconds()));
    }

    @Test
    void sharedTestBrokerIsOneRunningBrokerPerJvm() {
        KafkaBroker first = SharedTestBroker.get();
        KafkaBroker second = SharedTestBroker.get();

        assertThat(second).isSameAs(first);
        assertThat(first.isAlive()).isTrue();
        assertThat(topicNames(first)).isNotNull();
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void createTopic(KafkaBroker broker) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(broker.clientProperties(broker.adminLogin()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> topicNames(KafkaBroker broker) {
        return topicNames(broker, broker.adminLogin());
    }

    private static Set<String> topicNames(KafkaBroker broker, KafkaLogin login) {
        Map<String, Object> settings = broker.clientProperties(login);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(settings)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception exception) {
            throw new AssertionError("cannot list topics on " + broker.bootstrapServers() + " as " + login, exception);
        }
    }

    private static void produce(KafkaBroker broker, String key, String value) throws Exception {
        Map<String, Object> settings = broker.clientProperties(broker.adminLogin());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(KafkaBroker broker, int expectedCount) {
        Map<String, Object> settings = broker.clientProperties(broker.adminLogin());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadlineNanos = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (records.size() < expectedCount && System.nanoTime() - deadlineNanos < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
        }
        return records;
    }
}
