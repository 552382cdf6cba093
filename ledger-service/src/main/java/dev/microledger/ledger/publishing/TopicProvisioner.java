package dev.microledger.ledger.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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

    /** Creates the topic as soon as the service is up, so the first events need not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void provisionAtStartup() {
        try {
            ensureTopic();
        } catch (RuntimeException e) {
            log.warn("Topic {} not provisioned yet ({}); the publisher retries when it has events to send",
                    properties.topic(), e.getMessage());
        }
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
                create(admin, topic);
                awaitLeaders(admin);
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

    private void create(Admin admin, NewTopic topic) throws InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions on {}", properties.topic(), properties.partitions(),
                    properties.bootstrapServers());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + properties.topic() + " on "
                        + properties.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** A new topic's partitions take a moment to get leaders; sending before that only causes retries. */
    private void awaitLeaders(Admin admin) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(properties.topic()))
                        .allTopicNames().get(10, TimeUnit.SECONDS).get(properties.topic());
                if (description.partitions().stream().allMatch(partition -> partition.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                log.debug("Topic {} not described yet: {}", properties.topic(), e.getCause().toString());
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("partitions of " + properties.topic() + " have no leader after 30 s");
    }
}
