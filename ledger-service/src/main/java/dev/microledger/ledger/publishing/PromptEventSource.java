package dev.microledger.ledger.publishing;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The publisher's view of the event store: the same events, looked for every
 * {@code pollIntervalMillis} once the publisher has caught up.
 * <p>
 * Axon's pooled processor waits for an event stream's "events available" callback, and when the
 * stream has none (the embedded event store's streams have none) it looks again only after
 * 500 ms. Every event then waited up to half a second before it went to Kafka, at any load: the
 * larger part of the projection lag. The streams opened here offer the callback and call it every
 * interval, so the processor looks as often as that, on its own thread, through the event store's
 * own stream. A look when nothing is new costs the processor a few microseconds.
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    static final int POLL_INTERVAL_MILLIS_MIN = 1;
    static final int POLL_INTERVAL_MILLIS_MAX = 500;

    private static final Logger log = LoggerFactory.getLogger(PromptEventSource.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    PromptEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, int pollIntervalMillis) {
        if (pollIntervalMillis < POLL_INTERVAL_MILLIS_MIN || pollIntervalMillis > POLL_INTERVAL_MILLIS_MAX) {
            throw new IllegalArgumentException("ledger.kafka.poll-interval-millis must be "
                    + POLL_INTERVAL_MILLIS_MIN + ".." + POLL_INTERVAL_MILLIS_MAX);
        }
        this.events = events;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-publisher-poll");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, pollIntervalMillis, pollIntervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new PromptStream(events.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    /** Open streams that asked to be called back. */
    int waitingStreams() {
        return callbacks.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        callbacks.clear();
    }

    private void tick() {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                // The processor is stopping and its executor refuses work; its stream is closed next.
                callbacks.remove(callback);
                log.debug("Dropped the callback of a stopping publisher stream: {}", e.toString());
            }
        }
    }

    private final class PromptStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private Runnable callback;

        PromptStream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public Stream<TrackedEventMessage<?>> asStream() {
            return stream.asStream();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            stream.setOnAvailableCallback(callback);
            if (this.callback != null) {
                callbacks.remove(this.callback);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            if (callback != null) {
                callbacks.remove(callback);
            }
            stream.close();
        }
    }
}
