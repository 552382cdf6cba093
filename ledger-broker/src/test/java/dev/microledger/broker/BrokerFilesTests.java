package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTests {

    private static final String PASSWORD = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dataDirectory;

    @Test
    void serverPropertiesRunOneCombinedNodeOnLoopbackOnly() {
        Map<String, String> properties = new BrokerFiles(dataDirectory).serverProperties("127.0.0.1", 19092, 19093, PASSWORD);

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "CLIENT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:19092");
        assertThat(String.join(",", properties.values())).doesNotContain("0.0.0.0");
    }

    @Test
    void everyListenerTakesSaslLoginsOnlyAndEveryRequestNeedsAnAcl() {
        Map<String, String> properties = new BrokerFiles(dataDirectory).serverProperties("127.0.0.1", 19092, 19093, PASSWORD);

        assertThat(properties)
                .containsEntry("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT")
                .containsEntry("inter.broker.listener.name", "CLIENT")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN")
                .containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:broker");
        assertThat(properties.get("listener.name.controller.plain.sasl.jaas.config"))
                .contains("username=\"broker\"", "user_broker=\"" + PASSWORD + "\"");
        assertThat(String.join(",", properties.values())).doesNotContain("PLAINTEXT://");
    }

    @Test
    void theWrittenServerPropertiesHoldThePasswordSoOnlyTheirOwnerMayReadThem() throws IOException {
        BrokerFiles files = new BrokerFiles(dataDirectory);

        files.writeConfiguration("127.0.0.1", 19092, 19093, PASSWORD);

        assertThat(files.serverProperties()).content().contains(PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.serverProperties()))).isEqualTo("rw-------");
    }

    @Test
    void serverPropertiesKeepTheTopicForeverAndCreateNoTopicsByThemselves() {
        Map<String, String> properties = new BrokerFiles(dataDirectory).serverProperties("127.0.0.1", 19092, 19093, PASSWORD);

        assertThat(properties)
                .containsEntry("log.retention.ms", "-1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "12")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("log.dirs", dataDirectory.resolve("kafka-logs").toString());
    }

    @Test
    void writtenServerPropertiesAreReadableAsProperties() throws IOException {
        BrokerFiles files = new BrokerFiles(dataDirectory);

        files.writeConfiguration("127.0.0.1", 19092, 19093, PASSWORD);

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(files.serverProperties())) {
            properties.load(reader);
        }
        assertThat(properties.getProperty("log.dirs")).isEqualTo(dataDirectory.resolve("kafka-logs").toString());
        assertThat(files.logbackConfiguration()).content().contains("<root level=\"INFO\">");
    }

    @Test
    void aDirectoryIsFormattedOnceItHoldsMetaProperties() throws IOException {
        BrokerFiles files = new BrokerFiles(dataDirectory);
        assertThat(files.isFormatted()).isFalse();

        Files.createDirectories(files.logDirectory());
        Files.writeString(files.logDirectory().resolve("meta.properties"), "node.id=1\n");

        assertThat(files.isFormatted()).isTrue();
    }
}
