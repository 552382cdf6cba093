package dev.microledger.query.consuming;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the ledger's topic on its own thread and hands every poll to the {@link Projector}.
 * Offsets are committed only after the poll's database transaction committed, so a crash at
 * any point re-delivers records rather than losing them, and the projector's per-account
 * versions turn re-delivery into no-ops. Started and stopped with the application.
 */
@Component
class LedgerEventConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventConsumer.class);

    /** Caps the exponent of the doubling backoff; the settings' maximum caps the pause itself. */
    private static final int BACKOFF_DOUBLINGS_MAX = 20;
    /**
     * Failed attempts at a batch after which it is projected record by record. A database outage
     * fails every attempt alike and then fails the isolation too (setting a record aside needs the
     * database), so it is retried as before; one bad record is set aside.
     */
    static final int FAILURES_BEFORE_ISOLATING = 2;
    /** How long the group waits for a silent member before it gives its partitions to another. */
    static final int SESSION_TIMEOUT_MILLIS = 10_000;
    private static final Duration WAITING_LOG_INTERVAL = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int CAUSE_DEPTH_MAX = 20;
    private static final int DESCRIPTION_LENGTH_MAX = 300;

    enum State { STOPPED, CONNECTING, WAITING_FOR_TOPIC, CONSUMING, RETRYING }

    /**
     * What the consumer is doing, for the health endpoint; replaced as a whole, never mutated.
     * {@code lastFailure} says why it is retrying, or why it is still waiting for the topic.
     */
    record Status(State state, int consecutiveFailures, String lastFailure, Instant lastCommitAt) {
    }

    private final KafkaConsumerSettings settings;
    private final Projector projector;
    private final ProjectionCommits commits;
    private final ProjectionMetrics metrics;
    private final Clock clock;

    private final Object lifecycleLock = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile CountDownLatch stopRequested = new CountDownLatch(0);
    private volatile Status status = new Status(State.STOPPED, 0, null, null);
    private final AtomicReference<LivePause> pauseRequest = new AtomicReference<>();
    /** The end offsets of the partitions this consumer first had, as they were then; null until it had some. */
    private Map<TopicPartition, Long> startEnds;
    private volatile boolean caughtUp;

    LedgerEventConsumer(KafkaConsumerSettings settings, Projector projector, ProjectionCommits commits,
                        ProjectionMetrics metrics, Clock clock) {
        this.settings = settings;
        this.projector = projector;
        this.commits = commits;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            running = true;
            stopRequested = new CountDownLatch(1);
            status = new Status(State.CONNECTING, 0, null, status.lastCommitAt());
            Thread consumerThread = new Thread(this::run, "ledger-event-consumer");
            thread = consumerThread;
            consumerThread.start();
        }
    }

    @Override
    public void stop() {
        Thread consumerThread;
        synchronized (lifecycleLock) {
            if (!running) {
                return;
            }
            running = false;
            stopRequested.countDown();
            LivePause pause = pauseRequest.get();
            if (pause != null) {
                // A consumer held for a switch must not keep the shutdown waiting; stopped, it writes nothing more.
                pause.release();
            }
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            consumerThread = thread;
        }
        try {
            consumerThread.join(settings.shutdownTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (consumerThread.isAlive()) {
            log.warn("The consumer thread did not stop within {} ms", settings.shutdownTimeoutMillis());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    Status status() {
        return status;
    }

    /**
     * Whether the consumer has had its partitions and has projected everything that was on them
     * when it first had them: what readiness waits for, so that a read right after a start does
     * not find the projection still catching up. Once true it stays true.
     */
    boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Asks the consumer to stop after its current batch (see {@link LivePause}); the consumer
     * thread answers it before its next poll.
     *
     * @throws IllegalStateException when another pause is pending
     */
    LivePause requestPause(long holdMillisMax) {
        LivePause pause = new LivePause(holdMillisMax);
        LivePause pending = pauseRequest.get();
        // A request that was withdrawn or has ended but was not yet cleared by the consumer thread is replaced.
        if (pending != null && !pending.ended() || !pauseRequest.compareAndSet(pending, pause)) {
            throw new IllegalStateException("the live consumer is already asked to pause");
        }
        return pause;
    }

    /**
     * Stops here, between two batches, when a rebuild asked for it: everything before the
     * consumer's positions is committed to the database, and nothing after them is.
     */
    private void servePause(KafkaConsumer<String, byte[]> kafka) {
        LivePause pause = pauseRequest.get();
        if (pause == null) {
            return;
        }
        try {
            if (!pause.wanted()) {
                return;
            }
            Map<Integer, Long> nextOffsets;
            try {
                nextOffsets = nextOffsets(kafka);
            } catch (KafkaException e) {
                pause.failed("the live consumer could not read its positions: " + describe(e));
                throw e;
            }
            log.info("Paused for the switch to a rebuilt projection at offsets {}", nextOffsets);
            LivePause.State ended = pause.hold(nextOffsets);
            if (ended == LivePause.State.EXPIRED) {
                log.warn("Resuming without the switch: the rebuild did not release the live consumer in time");
            } else {
                log.info("Resuming after the switch to a rebuilt projection");
            }
        } finally {
            pauseRequest.compareAndSet(pause, null);
        }
    }

    /**
     * The offset this consumer reads next on each partition of the topic: its position where it
     * has the partition, else the group's committed offset, from where it would start reading it.
     */
    private Map<Integer, Long> nextOffsets(KafkaConsumer<String, byte[]> kafka) {
        Duration timeout = Duration.ofMillis(settings.metadataTimeoutMillis());
        Map<Integer, Long> offsets = new HashMap<>();
        Set<TopicPartition> assigned = kafka.assignment();
        for (TopicPartition partition : assigned) {
            offsets.put(partition.partition(), kafka.position(partition, timeout));
        }
        Set<TopicPartition> others = new HashSet<>();
        for (PartitionInfo info : kafka.partitionsFor(settings.topic(), timeout)) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (!assigned.contains(partition)) {
                others.add(partition);
            }
        }
        if (!others.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(others, timeout);
            for (TopicPartition partition : others) {
                OffsetAndMetadata offset = committed.get(partition);
                offsets.put(partition.partition(), offset == null ? 0L : offset.offset());
            }
        }
        return offsets;
    }

    private void run() {
        log.info("Consuming topic {} from {} as group {}", settings.topic(), settings.bootstrapServers(),
                settings.groupId());
        ProgressLog progress = new ProgressLog(Duration.ofSeconds(settings.progressLogIntervalSeconds()), clock.instant());
        try {
            while (running) {
                consumeOrBackOff(progress);
            }
            log.info("Stopped consuming topic {}", settings.topic());
        } finally {
            // Reached with running still true only when an Error ended the thread; the health
            // endpoint then reports the projection DOWN instead of silently stale.
            status = new Status(State.STOPPED, 0, status.lastFailure(), status.lastCommitAt());
        }
    }

    private void consumeOrBackOff(ProgressLog progress) {
        try {
            consumeUntilStopped(progress);
        } catch (WakeupException e) {
            // stop() woke the consumer up; the loop condition ends the thread.
        } catch (RuntimeException e) {
            if (!running) {
                return;
            }
            int failures = status.consecutiveFailures() + 1;
            long backoffMillis = backoffMillis(failures);
            status = new Status(State.RETRYING, failures, describe(e), status.lastCommitAt());
            if (failures == 1) {
                log.error("The Kafka consumer failed and is created again in {} ms: {}", backoffMillis, describe(e), e);
            } else {
                log.error("The Kafka consumer failed again and is created again in {} ms (attempt {}): {}",
                        backoffMillis, failures, describe(e));
            }
            pause(backoffMillis);
        }
    }

    private void consumeUntilStopped(ProgressLog progress) {
        status = new Status(State.CONNECTING, status.consecutiveFailures(), status.lastFailure(), status.lastCommitAt());
        KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(consumerProperties());
        consumer = created;
        try {
            if (!running || !awaitTopic(created)) {
                return;
            }
            created.subscribe(List.of(settings.topic()), new RebalanceLogger());
            while (running) {
                pollOnce(created, progress);
            }
        } finally {
            consumer = null;
            created.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * The ledger-service creates the topic, and it may start after this service. Until the
     * topic exists, look it up again now and then and say so in the log, rather than crash or
     * let the client create it with the broker's default partition count.
     */
    private boolean awaitTopic(KafkaConsumer<String, byte[]> kafka) {
        Instant nextLogAt = Instant.MIN;
        while (running) {
            String reason;
            try {
                List<PartitionInfo> partitions =
                        kafka.partitionsFor(settings.topic(), Duration.ofMillis(settings.metadataTimeoutMillis()));
                if (partitions != null && !partitions.isEmpty()) {
                    log.info("Topic {} has {} partitions; subscribing as group {}", settings.topic(),
                            partitions.size(), settings.groupId());
                    return true;
                }
                reason = "the topic does not exist yet (the ledger-service creates it)";
            } catch (RetriableException e) {
                reason = "the brokers did not answer: " + e.getMessage();
            }
            status = new Status(State.WAITING_FOR_TOPIC, 0, reason, status.lastCommitAt());
            Instant now = clock.instant();
            if (!now.isBefore(nextLogAt)) {
                log.warn("Waiting for topic {} at {}: {}; looking again every {} ms", settings.topic(),
                        settings.bootstrapServers(), reason, settings.topicRetryMillis());
                nextLogAt = now.plus(WAITING_LOG_INTERVAL);
            }
            pause(settings.topicRetryMillis());
        }
        return false;
    }

    private void pollOnce(KafkaConsumer<String, byte[]> kafka, ProgressLog progress) {
        servePause(kafka);
        ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(settings.pollTimeoutMillis()));
        progress.maybeLog(clock.instant());
        if (records.isEmpty()) {
            checkCaughtUp(kafka);
            return;
        }
        List<ProjectionInput> inputs = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            inputs.add(new ProjectionInput(record.key(), record.value(), ProjectionInput.link(record.headers()),
                    record.topic(), record.partition(), record.offset(), record.timestamp()));
        }
        ProjectionOutcome outcome;
        try {
            // A batch that keeps failing may hold one record that cannot be projected: the batch is then
            // projected record by record, and such a record is set aside instead of stopping every account.
            boolean isolate = status.consecutiveFailures() >= FAILURES_BEFORE_ISOLATING;
            if (isolate) {
                log.warn("Projecting {} records failed {} times in a row; projecting them one by one to find a record "
                        + "that cannot be projected", inputs.size(), status.consecutiveFailures());
            }
            outcome = isolate ? projector.applyIsolating(inputs) : projector.apply(inputs);
        } catch (RuntimeException e) {
            retryLater(kafka, records, e, progress);
            return;
        }
        Instant committedAt = clock.instant();
        // Before the state says CONSUMING, so that whoever sees that state after a start sees it ready too.
        checkCaughtUp(kafka);
        metrics.recordBatch(records.count(), outcome, committedAt);
        progress.add(outcome, committedAt);
        status = new Status(State.CONSUMING, 0, status.lastFailure(), committedAt);
        // Readers waiting for a version are woken only now, so whatever they read next (the
        // rows, the metrics) already includes this batch.
        commits.committed();
        commitOffsets(kafka, records);
    }

    /** Notes, once, when the consumer has reached the end offsets its partitions had when it got them. */
    private void checkCaughtUp(KafkaConsumer<String, byte[]> kafka) {
        if (caughtUp) {
            return;
        }
        Set<TopicPartition> assigned = kafka.assignment();
        if (assigned.isEmpty()) {
            // A member of a group with more members than partitions has none, and nothing to catch up with.
            if (kafka.groupMetadata().generationId() > 0) {
                markCaughtUp("it has no partitions of its own");
            }
            return;
        }
        Duration timeout = Duration.ofMillis(settings.metadataTimeoutMillis());
        if (startEnds == null) {
            startEnds = new HashMap<>(kafka.endOffsets(assigned, timeout));
            log.info("Catching up with the end offsets {} before reporting ready", startEnds);
        }
        for (Map.Entry<TopicPartition, Long> end : startEnds.entrySet()) {
            if (assigned.contains(end.getKey()) && kafka.position(end.getKey(), timeout) < end.getValue()) {
                return;
            }
        }
        markCaughtUp("it has projected what its partitions held when it got them");
    }

    private void markCaughtUp(String why) {
        caughtUp = true;
        log.info("The projection has caught up ({}); ready", why);
    }

    /**
     * The batch's transaction was rolled back, so nothing of it is in the database. Going back to
     * the last committed offsets makes the next poll return the same records again; the pause
     * grows with each consecutive failure so a database outage is not hammered.
     */
    private void retryLater(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
                            RuntimeException failure, ProgressLog progress) {
        int failures = status.consecutiveFailures() + 1;
        long backoffMillis = backoffMillis(failures);
        status = new Status(State.RETRYING, failures, describe(failure), status.lastCommitAt());
        metrics.recordRetry();
        progress.retried();
        if (failures == 1) {
            log.warn("Projecting {} records failed and was rolled back; reading them again from the last committed "
                    + "offsets in {} ms: {}", records.count(), backoffMillis, describe(failure), failure);
        } else {
            log.warn("Projecting {} records failed again and was rolled back (attempt {}); reading them again in {} ms: {}",
                    records.count(), failures, backoffMillis, describe(failure));
        }
        rewind(kafka, records);
        pause(backoffMillis);
    }

    private void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> partitions = records.partitions();
        Map<TopicPartition, OffsetAndMetadata> committed =
                kafka.committed(partitions, Duration.ofMillis(settings.commitTimeoutMillis()));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            // Without a committed offset the group has not finished a batch here yet, and the
            // batch's first record is where its reading began.
            kafka.seek(partition, offset != null ? offset.offset() : records.records(partition).get(0).offset());
        }
    }

    private void commitOffsets(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(partitionRecords.get(partitionRecords.size() - 1).offset() + 1));
        }
        try {
            kafka.commitSync(offsets, Duration.ofMillis(settings.commitTimeoutMillis()));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // The database has the batch already. Uncommitted offsets only mean the records come
            // again, after a rebalance or a restart, and are then skipped as duplicates.
            log.warn("Could not commit offsets after the database commit; the records will be delivered again "
                    + "and skipped as duplicates: {}", describe(e));
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.putAll(settings.login());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Offsets move only after the database commit; see commitOffsets.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group projects the topic from its beginning: that is how a projection is rebuilt.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only events of committed producer transactions, should the publisher ever use them.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        // One batch plus the longest retry pause must fit in here, or the group evicts this consumer.
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
        // The ledger-service owns the topic and its partition count; this consumer must never create it.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A member that died without leaving (kill -9, a crash) keeps its partitions until its session
        // times out; a restarted instance waited the default 45 s before it could project anything.
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MILLIS));
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MILLIS / 3));
        return properties;
    }

    private long backoffMillis(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), BACKOFF_DOUBLINGS_MAX);
        long backoff = settings.retryBackoffMillisMin() << doublings;
        return backoff <= 0 ? settings.retryBackoffMillisMax() : Math.min(backoff, settings.retryBackoffMillisMax());
    }

    /** Sleeps, but wakes up at once when the application stops. */
    private void pause(long millis) {
        try {
            stopRequested.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One line about a failure for the log and the health endpoint: the exception's type and
     * the root cause's message, which is where drivers put the useful part, cut to a bounded length.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; depth < CAUSE_DEPTH_MAX && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        String text = root == failure
                ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                : failure.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return text.length() <= DESCRIPTION_LENGTH_MAX ? text : text.substring(0, DESCRIPTION_LENGTH_MAX) + "…";
    }

    private static final class RebalanceLogger implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Partitions assigned: {}", partitions);
            }
        }
    }
}
