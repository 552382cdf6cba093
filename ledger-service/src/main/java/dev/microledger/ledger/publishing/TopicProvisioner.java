package dev.microledger.ledger.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the event topic the first time the publisher needs it. The topic keeps its records
 * forever: it is the source every projection is rebuilt from.
 */
@Component
class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final PublishingProperties properties;
    private volatile boolean provisioned;

    TopicProvisioner(PublishingProperties properties) {
        this.properties = properties;
    }

    void ensureTopic() {
        if (provisioned) {
            return;
        }
        synchronized (this) {
            if (provisioned) {
                return;
            }
            NewTopic topic = new NewTopic(properties.topic(), properties.partitions(), properties.replicationFactor())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
            try (Admin admin = Admin.create(KafkaClients.adminConfig(properties))) {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                log.info("Created topic {} with {} partitions on {}", properties.topic(), properties.partitions(),
                        properties.bootstrapServers());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + properties.topic() + " on "
                            + properties.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka at " + properties.bootstrapServers()
                        + " did not answer within 30 s while creating topic " + properties.topic(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + properties.topic(), e);
            }
            provisioned = true;
        }
    }
}
