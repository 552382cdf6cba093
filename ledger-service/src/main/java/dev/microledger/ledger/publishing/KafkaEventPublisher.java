package dev.microledger.ledger.publishing;

import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;
import dev.microledger.ledger.store.ChainLinks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every event of the event store to Kafka. It runs in a streaming event processor
 * whose token is stored in the same database transaction as its batch; the batch commits only
 * after Kafka acknowledged every record of it. So the event store is the outbox: if Kafka or
 * the service fails, the token stays where it was and the batch is sent again. Consumers see
 * such a resend as duplicates, which they recognise by the account sequence.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
class KafkaEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private static final String PENDING_SENDS = KafkaEventPublisher.class.getName() + ".pending";

    private final Producer<String, byte[]> producer;
    private final WireEvents wire;
    private final TopicProvisioner topics;
    private final PublishingProperties properties;
    private final Counter published;
    private final Timer lag;

    KafkaEventPublisher(Producer<String, byte[]> producer, WireEvents wire, TopicProvisioner topics,
                        PublishingProperties properties, MeterRegistry meters) {
        this.producer = producer;
        this.wire = wire;
        this.topics = topics;
        this.properties = properties;
        this.published = Counter.builder("ledger.events.published")
                .description("Events acknowledged by Kafka").register(meters);
        this.lag = Timer.builder("ledger.publisher.lag")
                .description("From an event's commit to Kafka's acknowledgement of it")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Sends one event of the event store, with the link of its account's event chain (see
     * {@link dev.microledger.events.EventChain}) in a header. The link was made from the same
     * bytes when the event was stored; events stored before the chain existed go without one.
     */
    @EventHandler
    void on(Object payload, @SequenceNumber long sequence, @MessageIdentifier String eventId, MetaData metaData) {
        LedgerEvent event = wire.event(payload, sequence, eventId, metaData);
        topics.ensureTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.topic(), event.subject(),
                wire.encode(event));
        byte[] link = ChainLinks.link(metaData);
        if (link != null) {
            record.headers().add(EventChain.HEADER, link);
        }
        pendingSends().add(producer.send(record), event.time());
    }

    /** The sends of the current processor batch; the batch may commit only once all are acknowledged. */
    private PendingSends pendingSends() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING_SENDS, key -> {
            PendingSends sends = new PendingSends();
            unitOfWork.onPrepareCommit(committing -> sends.awaitAcknowledged());
            return sends;
        });
    }

    private final class PendingSends {

        private final List<Future<RecordMetadata>> futures = new ArrayList<>();
        private final List<Instant> eventTimes = new ArrayList<>();

        void add(Future<RecordMetadata> future, Instant eventTime) {
            futures.add(future);
            eventTimes.add(eventTime);
        }

        void awaitAcknowledged() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(properties.ackTimeoutSeconds());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Kafka refused an event; the batch will be sent again", e.getCause());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not acknowledge the batch within "
                            + properties.ackTimeoutSeconds() + " s; it will be sent again", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
            Instant now = Instant.now();
            for (Instant eventTime : eventTimes) {
                lag.record(Duration.between(eventTime, now));
            }
            published.increment(futures.size());
        }
    }
}
