package dev.microledger.ledger.publishing;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.ledger.account.AccountBudgetSetEvent;
import dev.microledger.ledger.account.AccountCreditedEvent;
import dev.microledger.ledger.account.AccountDebitedEvent;
import dev.microledger.ledger.account.AccountLimitsSetEvent;
import dev.microledger.ledger.account.AccountOpenedEvent;
import dev.microledger.ledger.account.AccountStatusChangedEvent;
import dev.microledger.ledger.account.HoldPlacedEvent;
import dev.microledger.ledger.account.HoldReleasedEvent;
import dev.microledger.ledger.account.PaymentDeclinedEvent;
import dev.microledger.ledger.audit.CallerMetaData;
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
    private final LedgerEventMapper mapper;
    private final TopicProvisioner topics;
    private final PublishingProperties properties;
    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final Counter published;
    private final Timer lag;

    KafkaEventPublisher(Producer<String, byte[]> producer, LedgerEventMapper mapper, TopicProvisioner topics,
                        PublishingProperties properties, MeterRegistry meters) {
        this.producer = producer;
        this.mapper = mapper;
        this.topics = topics;
        this.properties = properties;
        this.published = Counter.builder("ledger.events.published")
                .description("Events acknowledged by Kafka").register(meters);
        this.lag = Timer.builder("ledger.publisher.lag")
                .description("From an event's commit to Kafka's acknowledgement of it")
                .publishPercentileHistogram().register(meters);
    }

    @EventHandler
    void on(AccountOpenedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.opened(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(AccountDebitedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.debited(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(AccountCreditedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.credited(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(AccountStatusChangedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.statusChanged(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(AccountLimitsSetEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.limitsSet(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(AccountBudgetSetEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.budgetSet(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.declined(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(HoldPlacedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.holdPlaced(event, sequence, eventId), metaData));
    }

    @EventHandler
    void on(HoldReleasedEvent event, @SequenceNumber long sequence, @MessageIdentifier String eventId,
            MetaData metaData) {
        send(attributed(mapper.holdReleased(event, sequence, eventId), metaData));
    }

    /** The event with who caused it, as its Axon metadata says (events from before actors were kept have none). */
    private static LedgerEvent attributed(LedgerEvent event, MetaData metaData) {
        return new LedgerEvent(event.id(), event.source(), event.type(), event.time(), event.data(),
                CallerMetaData.actor(metaData), CallerMetaData.requestId(metaData));
    }

    private void send(LedgerEvent event) {
        topics.ensureTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.topic(), event.subject(),
                codec.encode(event));
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
