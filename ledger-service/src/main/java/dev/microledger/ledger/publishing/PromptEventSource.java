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
 * The publisher's view of the event store: the same events, looked for soon after they are
 * written once the publisher has caught up.
 * <p>
 * Axon's pooled processor waits for an event stream's "events available" callback, and when the
 * stream has none (the embedded event store's streams have none) it looks again only after
 * 500 ms. Every event then waited up to half a second before it went to Kafka, at any load: the
 * larger part of the projection lag. The streams opened here offer the callback and call it
 * themselves, so the processor looks on its own thread, through the event store's own stream:
 * <ul>
 *   <li>every {@code pollIntervalMillis} while its last look found nothing, so that the first
 *   event after a quiet spell goes out at once;</li>
 *   <li>every {@code busyPollIntervalMillis} while its looks keep finding events. Each look sends
 *   one batch to Kafka, stores the processor's token in one database transaction and becomes one
 *   poll and one transaction of query-service; looking every few milliseconds under load made all
 *   of those small, and their fixed costs took CPU from the commands.</li>
 * </ul>
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final int POLL_INTERVAL_MILLIS_MIN = 1;
    private static final int POLL_INTERVAL_MILLIS_MAX = 500;

    private static final Logger log = LoggerFactory.getLogger(PromptEventSource.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final long busyPollIntervalNanos;
    private final Set<PromptStream> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    PromptEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, int pollIntervalMillis,
                      int busyPollIntervalMillis) {
        if (pollIntervalMillis < POLL_INTERVAL_MILLIS_MIN || busyPollIntervalMillis > POLL_INTERVAL_MILLIS_MAX
                || busyPollIntervalMillis < pollIntervalMillis) {
            throw new IllegalArgumentException("ledger.kafka: poll-interval-millis must be at least "
                    + POLL_INTERVAL_MILLIS_MIN + ", busy-poll-interval-millis at least that and at most "
                    + POLL_INTERVAL_MILLIS_MAX);
        }
        this.events = events;
        this.busyPollIntervalNanos = TimeUnit.MILLISECONDS.toNanos(busyPollIntervalMillis);
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
        return waiting.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        waiting.clear();
    }

    private void tick() {
        long now = System.nanoTime();
        for (PromptStream stream : waiting) {
            try {
                stream.callBackIfDue(now);
            } catch (RuntimeException e) {
                // The processor is stopping and its executor refuses work; its stream is closed next.
                waiting.remove(stream);
                log.debug("Dropped the callback of a stopping publisher stream: {}", e.toString());
            }
        }
    }

    private final class PromptStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile Runnable callback;
        /** Whether the processor took an event from this stream since the last callback. */
        private volatile boolean delivered;
        private volatile long lastCallbackNanos = System.nanoTime();

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
            TrackedEventMessage<?> next = stream.nextAvailable();
            delivered = true;
            return next;
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
            this.callback = callback;
            waiting.add(this);
            return true;
        }

        @Override
        public void close() {
            waiting.remove(this);
            stream.close();
        }

        void callBackIfDue(long now) {
            if (delivered && now - lastCallbackNanos < busyPollIntervalNanos) {
                return;
            }
            delivered = false;
            lastCallbackNanos = now;
            callback.run();
        }
    }
}
