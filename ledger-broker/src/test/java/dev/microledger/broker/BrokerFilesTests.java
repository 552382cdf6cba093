package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTests {

    @TempDir
    Path dataDirectory;

    @Test
    void serverPropertiesRunOneCombinedNodeOnLoopbackOnly() {
        Map<String, String> properties = new BrokerFiles(dataDirectory).serverProperties("127.0.0.1", 19092, 19093);

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092");
        assertThat(String.join(",", properties.values())).doesNotContain("0.0.0.0");
    }

    @Test
    void serverPropertiesKeepTheTopicForeverAndCreateNoTopicsByThemselves() {
        Map<String, String> properties = new BrokerFiles(dataDirectory).serverProperties("127.0.0.1", 19092, 19093);

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

        files.writeConfiguration("127.0.0.1", 19092, 19093);

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
