package dev.microledger.ledger.publishing;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PublishingIntegrationTests extends LedgerIntegrationTestSupport {

    @Autowired
    private PromptEventSource publisherEventSource;

    @Autowired
    private EventProcessingConfiguration eventProcessing;

    /** Without it, each event would wait up to Axon's 500 ms look once the publisher has caught up. */
    @Test
    void publisherReadsTheEventStoreThroughThePromptSource() throws InterruptedException {
        assertThat(eventProcessing.eventProcessor(KafkaEventPublisher.PROCESSING_GROUP))
                .get().isInstanceOf(PooledStreamingEventProcessor.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (publisherEventSource.waitingStreams() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // One stream: the processor's coordinator reads every segment through it.
        assertThat(publisherEventSource.waitingStreams()).isEqualTo(1);
    }

    @Test
    void everyEventReachesTheTopicKeyedByAccountWithItsSequence() {
        String funding = unique("funding");
        String alice = unique("alice");
        String transferId = unique("t");
        openAccount(funding, "USD", "SYSTEM", null);
        openAccount(alice, "USD", "USER", null);
        transfer(transferId, funding, alice, "0.0025", "USD");

        List<ConsumerRecord<String, LedgerEvent>> records = TopicEvents.records(
                SharedTestBroker.get().bootstrapServers(), TOPIC, Set.of(funding, alice),
                seen -> seen.size() >= 4, Duration.ofSeconds(60));

        assertThat(records).hasSize(4);
        assertThat(records).allSatisfy(record -> assertThat(record.key()).isEqualTo(record.value().subject()));
        // The publisher read them on a stream of its own: no read-ahead thread of Axon's event store runs.
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(
                thread -> assertThat(thread.getName()).startsWith("EmbeddedEventStore"));
        List<LedgerEvent> aliceEvents = records.stream().map(ConsumerRecord::value)
                .filter(event -> event.subject().equals(alice)).toList();
        assertThat(aliceEvents).extracting(LedgerEvent::type)
                .containsExactly(LedgerEventTypes.ACCOUNT_OPENED, LedgerEventTypes.ACCOUNT_CREDITED);
        assertThat(aliceEvents.get(0).data()).isEqualTo(new AccountOpened(alice, 0, "USD", 6, "USER", "0"));
        AccountEntry credit = (AccountEntry) aliceEvents.get(1).data();
        assertThat(credit.sequence()).isEqualTo(1);
        assertThat(credit.transferId()).isEqualTo(transferId);
        assertThat(credit.counterpartyAccountId()).isEqualTo(funding);
        assertThat(credit.amount()).isEqualTo("0.0025");
        assertThat(credit.balanceAfter()).isEqualTo("0.0025");
        AccountEntry debit = records.stream().map(ConsumerRecord::value)
                .filter(event -> event.subject().equals(funding) && event.data() instanceof AccountEntry)
                .map(event -> (AccountEntry) event.data()).findFirst().orElseThrow();
        assertThat(debit.direction()).isEqualTo(AccountEntry.Direction.DEBIT);
        assertThat(debit.balanceAfter()).isEqualTo("-0.0025");
        assertThat(get("/actuator/prometheus").body()).contains("ledger_events_published_total");
    }
}
