package dev.microledger.ledger.publishing;

import dev.microledger.ledger.store.LedgerEventStore;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher's event source over Axon's real embedded event store (in memory), built as
 * ledger-service builds it, and, in the last test, Axon's real pooled processor.
 */
class PromptEventSourceTests {

    private static final int POLL_INTERVAL_MILLIS = 5;

    private final EmbeddedEventStore eventStore = LedgerEventStore.builder(new InMemoryEventStorageEngine()).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        // In reverse: a processor stops before the executors it runs on.
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        eventStore.shutDown();
    }

    @Test
    void streamOffersTheAvailabilityCallbackAndCallsItEveryInterval() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS);
        AtomicInteger calls = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        toClose.add(stream::close);

        assertThat(stream.setOnAvailableCallback(calls::incrementAndGet)).isTrue();

        assertThat(source.waitingStreams()).isEqualTo(1);
        TimeUnit.MILLISECONDS.sleep(200);
        // 40 intervals passed; a busy machine may delay some, but not most of them.
        assertThat(calls.get()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void closedStreamIsNoLongerCalled() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS);
        AtomicInteger calls = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        stream.setOnAvailableCallback(calls::incrementAndGet);

        stream.close();
        TimeUnit.MILLISECONDS.sleep(50);
        int callsAfterClose = calls.get();
        TimeUnit.MILLISECONDS.sleep(100);

        assertThat(source.waitingStreams()).isZero();
        assertThat(calls.get()).isEqualTo(callsAfterClose);
    }

    @Test
    void callbackThatFailsIsDroppedAndTheOthersAreStillCalled() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS);
        BlockingStream<TrackedEventMessage<?>> stopping = source.openStream(null);
        BlockingStream<TrackedEventMessage<?>> running = source.openStream(null);
        toClose.add(stopping::close);
        toClose.add(running::close);
        AtomicInteger runningCalls = new AtomicInteger();
        stopping.setOnAvailableCallback(() -> {
            throw new IllegalStateException("executor shut down");
        });
        running.setOnAvailableCallback(runningCalls::incrementAndGet);

        TimeUnit.MILLISECONDS.sleep(100);

        assertThat(source.waitingStreams()).isEqualTo(1);
        assertThat(runningCalls.get()).isPositive();
    }

    @Test
    void eventsAndTokensAreThoseOfTheEventStore() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS);
        eventStore.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));

        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createTailToken());
        toClose.add(stream::close);

        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        TrackedEventMessage<?> first = stream.nextAvailable();
        assertThat(stream.peek()).hasValueSatisfying(next -> assertThat(next.getPayload()).isEqualTo("second"));
        TrackedEventMessage<?> second = stream.nextAvailable();
        assertThat(first.getPayload()).isEqualTo("first");
        assertThat(second.getPayload()).isEqualTo("second");
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(source.createHeadToken()).isEqualTo(eventStore.createHeadToken());
        assertThat(source.createTailToken()).isEqualTo(eventStore.createTailToken());
    }

    @Test
    void streamWhoseLooksFindEventsIsCalledOnlyEveryBusyInterval() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS, 200);
        for (int i = 0; i < 50; i++) {
            eventStore.publish(GenericEventMessage.asEventMessage("event-" + i));
        }
        BlockingStream<TrackedEventMessage<?>> quiet = source.openStream(source.createHeadToken());
        BlockingStream<TrackedEventMessage<?>> busy = source.openStream(source.createTailToken());
        toClose.add(quiet::close);
        toClose.add(busy::close);
        AtomicInteger quietCalls = new AtomicInteger();
        AtomicInteger busyCalls = new AtomicInteger();
        quiet.setOnAvailableCallback(quietCalls::incrementAndGet);
        // Like the processor, each look takes what is there; here one event.
        busy.setOnAvailableCallback(() -> {
            busyCalls.incrementAndGet();
            try {
                if (busy.hasNextAvailable()) {
                    busy.nextAvailable();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        TimeUnit.MILLISECONDS.sleep(500);

        // Due at about 5, 205 and 405 ms; a busy machine can only make it fewer.
        assertThat(busyCalls.get()).isBetween(2, 4);
        assertThat(quietCalls.get()).isGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource({"0, 100", "-1, 100", "10, 5", "10, 501"})
    void intervalsOutsideTheirLimitsAreRefused(int pollIntervalMillis, int busyPollIntervalMillis) {
        assertThatThrownBy(() -> new PromptEventSource(eventStore, pollIntervalMillis, busyPollIntervalMillis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poll-interval-millis");
    }

    /**
     * Axon's pooled processor over the embedded event store looks for new events every 500 ms once
     * it has caught up. Each event here is published 50 ms after the previous one was handled, so
     * through the event store itself each would wait about 450 ms.
     */
    @Test
    void caughtUpProcessorHandlesNewEventsWithoutWaitingForAxonsHalfSecondLook() throws InterruptedException {
        PromptEventSource source = source(POLL_INTERVAL_MILLIS);
        BlockingQueue<Long> handledAtNanos = new LinkedBlockingQueue<>();
        PooledStreamingEventProcessor processor = processor(source, handledAtNanos);
        processor.start();
        toClose.add(processor::shutDown);
        eventStore.publish(GenericEventMessage.asEventMessage("warm-up"));
        assertThat(handledAtNanos.poll(10, TimeUnit.SECONDS)).isNotNull();

        List<Long> delaysMillis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TimeUnit.MILLISECONDS.sleep(50);
            long publishedAtNanos = System.nanoTime();
            eventStore.publish(GenericEventMessage.asEventMessage("event-" + i));
            Long handled = handledAtNanos.poll(10, TimeUnit.SECONDS);
            assertThat(handled).isNotNull();
            delaysMillis.add(TimeUnit.NANOSECONDS.toMillis(handled - publishedAtNanos));
        }

        assertThat(delaysMillis).allSatisfy(delay -> assertThat(delay).isLessThan(300));
    }

    private PromptEventSource source(int pollIntervalMillis) {
        return source(pollIntervalMillis, pollIntervalMillis);
    }

    private PromptEventSource source(int pollIntervalMillis, int busyPollIntervalMillis) {
        PromptEventSource source = new PromptEventSource(eventStore, pollIntervalMillis, busyPollIntervalMillis);
        toClose.add(source);
        return source;
    }

    private PooledStreamingEventProcessor processor(StreamableMessageSource<TrackedEventMessage<?>> source,
                                                    BlockingQueue<Long> handledAtNanos) {
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        toClose.add(coordinator::shutdownNow);
        toClose.add(workers::shutdownNow);
        return PooledStreamingEventProcessor.builder()
                .name("prompt-test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers((EventMessageHandler) event -> {
                            handledAtNanos.add(System.nanoTime());
                            return null;
                        })
                        .build())
                .messageSource(source)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .build();
    }
}
