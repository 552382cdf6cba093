package dev.microledger.ledger.store;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store as ledger-service builds it, over Axon's in-memory storage engine, counting
 * the events the engine hands out.
 */
class LedgerEventStoreTests {

    private final CountingStorageEngine engine = new CountingStorageEngine();
    private final EmbeddedEventStore eventStore = LedgerEventStore.builder(engine).build();

    @AfterEach
    void shutDown() {
        eventStore.shutDown();
    }

    /**
     * Axon's default read-ahead fails this: once the reader has caught up, a thread of the event
     * store reads all 20,000 later events into memory while the reader takes none of them.
     */
    @Test
    void readerThatFallsBehindHasNothingReadForItThatItDidNotAskFor() throws InterruptedException {
        eventStore.publish(GenericEventMessage.asEventMessage("first"));
        BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createTailToken());
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();

        for (int batch = 0; batch < 200; batch++) {
            List<EventMessage<?>> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                events.add(GenericEventMessage.asEventMessage("later-" + batch + "-" + i));
            }
            eventStore.publish(events);
        }
        TimeUnit.MILLISECONDS.sleep(500);

        assertThat(engine.handedOut()).isLessThanOrEqualTo(2);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("later-0-0");
        stream.close();
    }

    @Test
    void readerThatFoundNothingSeesWhatIsPublishedLater() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();

        eventStore.publish(GenericEventMessage.asEventMessage("late"));

        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("late");
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    /** Axon's in-memory engine, counting the tracked events it hands out to any stream. */
    private static final class CountingStorageEngine implements EventStorageEngine {

        private final InMemoryEventStorageEngine delegate = new InMemoryEventStorageEngine();
        private final AtomicLong handedOut = new AtomicLong();

        long handedOut() {
            return handedOut.get();
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            delegate.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            delegate.storeSnapshot(snapshot);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return delegate.readEvents(trackingToken, mayBlock).peek(event -> handedOut.incrementAndGet());
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return delegate.readSnapshot(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return delegate.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return delegate.createHeadToken();
        }
    }
}
