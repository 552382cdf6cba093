package dev.microledger.query.consuming;

import dev.microledger.query.generation.ProjectionGeneration;
import dev.microledger.query.generation.ProjectionGenerations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds every projection from the start of the topic into a new generation of tables, while
 * the live generation keeps serving reads and the live consumer keeps projecting into it; then
 * switches readers and the live consumer over to the new generation, and drops the old one.
 *
 * <p>The rebuild reads all partitions itself (no consumer group, so no rebalances), projects them
 * with the same {@link Projector} as the live consumer, in larger transactions, and saves its
 * offsets in each transaction: a restarted service resumes a rebuild exactly where its last
 * transaction ended. Once it is close to the topic's end it pauses the live consumer between two
 * batches, reads up to the offsets the live consumer stopped at, makes the new generation live in
 * one database transaction, and lets the live consumer go on, now in the new generation. A rebuild
 * that fails leaves the live generation as it was and drops its own tables.
 */
@Component
public class ProjectionRebuild implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long the rebuild's thread waits for a worker to take or finish a transaction before it looks again. */
    private static final Duration HANDOFF_WAIT = Duration.ofMillis(20);
    /** The growth, in records, after which the statistics of the tables being built are first refreshed. */
    private static final long ANALYZE_RECORDS_MIN = 10_000;
    /** How long the rebuild goes on catching up after a switch attempt failed, before it tries again. */
    private static final Duration SWITCH_RETRY_PAUSE = Duration.ofSeconds(5);

    /** Thrown by {@link #rebuild} when a rebuild is under way already. */
    public static final class RebuildAlreadyRunning extends RuntimeException {
        RebuildAlreadyRunning(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown by {@link #requestSwitch()} when no rebuild waits for it. */
    public static final class RebuildNotReady extends RuntimeException {
        RebuildNotReady(String message) {
            super(message, null, false, false);
        }
    }

    /** Ends the rebuild's thread when the service stops. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("the service is stopping", null, false, false);
        }
    }

    private final KafkaConsumerSettings kafkaSettings;
    private final RebuildSettings settings;
    private final Projector projector;
    private final ProjectionGenerations generations;
    private final LedgerEventConsumer liveConsumer;
    private final ProjectionCommits commits;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Counter switched;
    private final Counter failed;

    /** Drops retired generations once their readers are done; if the service stops first, its next start drops them. */
    private ScheduledThreadPoolExecutor drops;

    private final Object lock = new Object();
    private boolean running;
    private Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile CountDownLatch stopRequested = new CountDownLatch(0);
    private volatile RebuildStatus status = RebuildStatus.idle(0);
    private volatile long liveGeneration;
    private volatile boolean switchRequested;

    ProjectionRebuild(KafkaConsumerSettings kafkaSettings, RebuildSettings settings, Projector projector,
                      ProjectionGenerations generations, LedgerEventConsumer liveConsumer, ProjectionCommits commits,
                      PlatformTransactionManager transactionManager, JdbcTemplate jdbc, Clock clock,
                      MeterRegistry meters) {
        this.kafkaSettings = kafkaSettings;
        this.settings = settings;
        this.projector = projector;
        this.generations = generations;
        this.liveConsumer = liveConsumer;
        this.commits = commits;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.clock = clock;
        this.switched = Counter.builder("query.rebuilds").tag("outcome", "switched")
                .description("Rebuilds of the projections, by how they ended").register(meters);
        this.failed = Counter.builder("query.rebuilds").tag("outcome", "failed")
                .description("Rebuilds of the projections, by how they ended").register(meters);
        registerGauges(meters);
    }

    /**
     * Starts a rebuild on a thread of its own and returns at once.
     *
     * @param manualSwitch whether the rebuild, once caught up, follows the topic and waits for
     *                     {@link #requestSwitch()} instead of switching by itself
     * @throws RebuildAlreadyRunning when one is under way, here or, on a shared database, elsewhere
     */
    public RebuildStatus rebuild(boolean manualSwitch) {
        synchronized (lock) {
            if (!running) {
                throw new IllegalStateException("the service is not running");
            }
            if (thread != null && thread.isAlive()) {
                throw new RebuildAlreadyRunning("A rebuild of generation " + status.generation() + " is under way ("
                        + status.state() + ", " + status.percent() + " % done).");
            }
            ProjectionGeneration generation;
            try {
                generation = generations.registerRebuild(manualSwitch);
            } catch (IllegalStateException e) {
                throw new RebuildAlreadyRunning("A rebuild is under way: " + e.getMessage() + ".");
            }
            log.info("Rebuilding the projections from the start of topic {} into generation {} (schema {}); "
                            + "generation {} stays live until the rebuild has caught up",
                    kafkaSettings.topic(), generation.number(), generation.schema(), generations.live().number());
            launch(generation, false, manualSwitch);
            return status;
        }
    }

    /**
     * Lets a rebuild that waits for an operator switch over.
     *
     * @throws RebuildNotReady when no rebuild is caught up and waiting
     */
    public RebuildStatus requestSwitch() {
        synchronized (lock) {
            RebuildStatus current = status;
            if (current.state() != RebuildStatus.State.READY) {
                throw new RebuildNotReady("No rebuild is caught up and waiting for the switch (the rebuild is "
                        + current.state() + ").");
            }
            switchRequested = true;
            return current;
        }
    }

    public RebuildStatus status() {
        return status;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            stopRequested = new CountDownLatch(1);
            drops = new ScheduledThreadPoolExecutor(1, runnable -> new Thread(runnable, "projection-generation-drop"));
            drops.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            liveGeneration = generations.live().number();
            status = RebuildStatus.idle(liveGeneration);
            generations.building().ifPresent(this::resumeOrAbandon);
        }
    }

    private void scheduleDrop(ProjectionGeneration previous) {
        synchronized (lock) {
            if (running) {
                drops.schedule(() -> dropRetired(previous), settings.dropDelayMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void dropRetired(ProjectionGeneration previous) {
        try {
            generations.dropQuietly(previous);
        } catch (RuntimeException e) {
            log.warn("Could not drop the tables of projection generation {}; the next start drops them: {}",
                    previous.number(), LedgerEventConsumer.describe(e));
        }
    }

    private void resumeOrAbandon(ProjectionGeneration generation) {
        if (settings.resumeOnStartup()) {
            log.info("Resuming the rebuild of projection generation {} (schema {}) from its saved offsets",
                    generation.number(), generation.schema());
            launch(generation, true, generations.manualSwitch(generation));
            return;
        }
        log.warn("Abandoning the rebuild of projection generation {} that was under way when the service stopped "
                + "(query.rebuild.resume-on-startup is false); start it again to rebuild", generation.number());
        generations.fail(generation, "abandoned: the service restarted during the rebuild");
    }

    @Override
    public void stop() {
        Thread rebuildThread;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            stopRequested.countDown();
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            rebuildThread = thread;
        }
        // A drop under way finishes (interrupting a database thread could harm the file); waiting ones are cancelled.
        drops.shutdown();
        if (rebuildThread == null) {
            return;
        }
        try {
            rebuildThread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (rebuildThread.isAlive()) {
            log.warn("The rebuild thread did not stop within {} s", JOIN_TIMEOUT.toSeconds());
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    private void launch(ProjectionGeneration generation, boolean resumed, boolean manualSwitch) {
        switchRequested = false;
        RebuildProgress progress = new RebuildProgress(generation.number(), generation.schema(), resumed, manualSwitch,
                clock.instant(),
                Duration.ofSeconds(settings.progressLogIntervalSeconds()));
        publish(progress, RebuildStatus.State.STARTING, null, null);
        Thread rebuildThread = new Thread(() -> run(generation, resumed, manualSwitch, progress), "projection-rebuild");
        thread = rebuildThread;
        rebuildThread.start();
    }

    private void run(ProjectionGeneration generation, boolean resumed, boolean manualSwitch, RebuildProgress progress) {
        try {
            if (!resumed) {
                generations.createTables(generation);
            }
            KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(consumerProperties());
            consumer = created;
            Run run = new Run(generation, progress, created, manualSwitch);
            try {
                checkRunning();
                run.seekToStart();
                run.startWorkers();
                run.catchUpAndSwitch();
            } finally {
                run.stopWorkers();
                consumer = null;
                created.close(CLOSE_TIMEOUT);
            }
        } catch (Stopped | WakeupException e) {
            stoppedWithService(generation, progress);
        } catch (RuntimeException | Error e) {
            if (!isRunning()) {
                stoppedWithService(generation, progress);
                return;
            }
            fail(generation, progress, LedgerEventConsumer.describe(e), e);
        }
    }

    private void stoppedWithService(ProjectionGeneration generation, RebuildProgress progress) {
        if (settings.resumeOnStartup()) {
            log.info("The rebuild of projection generation {} stopped with the service at {} of {} records; it goes on "
                    + "from there when the service starts again", generation.number(), progress.recordsDone(),
                    progress.recordsTotal());
            publish(progress, RebuildStatus.State.FAILED, clock.instant(), "stopped with the service; resumes at the next start");
            return;
        }
        fail(generation, progress, "the service stopped during the rebuild", null);
    }

    private void fail(ProjectionGeneration generation, RebuildProgress progress, String reason, Throwable cause) {
        long live = liveGeneration;
        log.error("The rebuild of projection generation {} FAILED after {} of {} records: {}. Generation {} stays live "
                        + "and unchanged; the tables of generation {} are dropped. Start a new rebuild once the cause "
                        + "is fixed.", generation.number(), progress.recordsDone(), progress.recordsTotal(), reason, live,
                generation.number(), cause);
        failed.increment();
        publish(progress, RebuildStatus.State.FAILED, clock.instant(), reason);
        try {
            generations.fail(generation, reason);
        } catch (RuntimeException e) {
            log.error("Could not mark the rebuild of generation {} failed or drop its tables; the next start drops them: {}",
                    generation.number(), LedgerEventConsumer.describe(e));
        }
    }

    /**
     * One run of a rebuild. The rebuild's thread owns the Kafka consumer: it polls, hands each partition's
     * records to the worker that owns the partition, and keeps the progress. The workers project in
     * transactions of their own, in parallel: a partition's accounts are only ever in that partition (the
     * record key is the account), so workers never write the same account row.
     */
    private final class Run {

        private final ProjectionGeneration generation;
        private final RebuildProgress progress;
        private final KafkaConsumer<String, byte[]> kafka;
        private final boolean manualSwitch;
        private final List<Worker> workers = new ArrayList<>();
        private final ConcurrentLinkedQueue<Committed> committed = new ConcurrentLinkedQueue<>();
        private final AtomicReference<Throwable> workerFailure = new AtomicReference<>();
        private final Set<TopicPartition> pausedPartitions = new HashSet<>();
        private List<TopicPartition> partitions = List.of();
        private Instant endsRefreshedAt;

        Run(ProjectionGeneration generation, RebuildProgress progress, KafkaConsumer<String, byte[]> kafka,
            boolean manualSwitch) {
            this.generation = generation;
            this.progress = progress;
            this.kafka = kafka;
            this.manualSwitch = manualSwitch;
        }

        /** Assigns every partition and seeks to the saved offsets of a resumed rebuild, else to the beginning. */
        void seekToStart() {
            Duration timeout = Duration.ofMillis(kafkaSettings.metadataTimeoutMillis());
            List<PartitionInfo> infos = kafka.partitionsFor(kafkaSettings.topic(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + kafkaSettings.topic() + " does not exist");
            }
            List<TopicPartition> assigned = new ArrayList<>(infos.size());
            for (PartitionInfo info : infos) {
                assigned.add(new TopicPartition(info.topic(), info.partition()));
            }
            partitions = List.copyOf(assigned);
            kafka.assign(partitions);
            Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions, timeout);
            Map<Integer, Long> saved = generations.rebuildOffsets(generation);
            for (TopicPartition partition : partitions) {
                long beginning = beginnings.getOrDefault(partition, 0L);
                long start = saved.getOrDefault(partition.partition(), beginning);
                if (start < beginning) {
                    log.warn("Partition {} now begins at offset {}, after the saved offset {}: the records between were "
                            + "deleted from the topic and cannot be projected", partition, beginning, start);
                    start = beginning;
                }
                kafka.seek(partition, start);
                progress.partition(partition.partition(), beginning, start);
            }
            progress.ends(endOffsets(kafka));
            endsRefreshedAt = clock.instant();
            progress.begin(endsRefreshedAt);
            log.info("Rebuild of projection generation {} reads {} partitions of {} with {} writers: {} records, {} of "
                            + "them done already", generation.number(), partitions.size(), kafkaSettings.topic(),
                    settings.workers(), progress.recordsTotal(), progress.recordsDone());
        }

        void startWorkers() {
            int count = Math.min(settings.workers(), partitions.size());
            int cachePerWorker = settings.accountCacheMax() / count;
            for (int index = 0; index < count; index++) {
                Worker worker = new Worker(index, cachePerWorker);
                workers.add(worker);
                worker.start();
            }
        }

        void stopWorkers() {
            for (Worker worker : workers) {
                worker.stop();
            }
            for (Worker worker : workers) {
                worker.join();
            }
        }

        void catchUpAndSwitch() {
            publish(progress, RebuildStatus.State.CATCHING_UP, null, null);
            int switchAttempts = 0;
            Instant nextSwitchAt = Instant.MIN;
            String lastSwitchFailure = null;
            boolean readyLogged = false;
            boolean analyzedWhenCaughtUp = false;
            long doneAtAnalyze = progress.recordsDone();
            Instant analyzedAt = clock.instant();
            while (true) {
                step(true);
                Instant now = clock.instant();
                progress.maybeLog(now);
                boolean caughtUp = progress.remaining() <= settings.catchUpRecordsMax();
                long done = progress.recordsDone();
                // Whenever the tables have doubled, at the least every interval, and once caught up, so the
                // tables also go live with statistics of their full size.
                if (done - doneAtAnalyze >= Math.max(ANALYZE_RECORDS_MIN, doneAtAnalyze)
                        || Duration.between(analyzedAt, now).toSeconds() >= settings.analyzeIntervalSeconds()
                        || caughtUp && !analyzedWhenCaughtUp) {
                    generations.analyze(generation);
                    analyzedAt = clock.instant();
                    doneAtAnalyze = done;
                    analyzedWhenCaughtUp = caughtUp;
                }
                if (caughtUp && manualSwitch && !switchRequested) {
                    if (!readyLogged) {
                        progress.log(now);
                        log.info("Rebuild of projection generation {} has caught up and follows the topic; it switches "
                                + "when asked to (POST /admin/projections/rebuild/switch)", generation.number());
                        readyLogged = true;
                    }
                    publish(progress, RebuildStatus.State.READY, null, lastSwitchFailure);
                    continue;
                }
                publish(progress, RebuildStatus.State.CATCHING_UP, null, lastSwitchFailure);
                if (!caughtUp || now.isBefore(nextSwitchAt)) {
                    continue;
                }
                String failure = trySwitch();
                if (failure == null) {
                    return;
                }
                switchAttempts++;
                lastSwitchFailure = "switch attempt " + switchAttempts + " of " + settings.switchAttemptsMax()
                        + " failed: " + failure;
                log.warn("Rebuild of projection generation {}: {}", generation.number(), lastSwitchFailure);
                if (switchAttempts >= settings.switchAttemptsMax()) {
                    throw new IllegalStateException("could not switch to the rebuilt generation after " + switchAttempts
                            + " attempts; the last one failed because " + failure);
                }
                nextSwitchAt = clock.instant().plus(SWITCH_RETRY_PAUSE);
            }
        }

        /**
         * One round of the rebuild's thread: takes in what the workers committed, polls, and hands the
         * workers their records; with {@code reading} false it only hands over what it holds already.
         */
        private void step(boolean reading) {
            checkRunning();
            Throwable failure = workerFailure.get();
            if (failure != null) {
                throw failure instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(LedgerEventConsumer.describe(failure), failure);
            }
            drainCommitted();
            boolean empty = true;
            if (reading) {
                pauseFullWorkers();
                boolean allPaused = pausedPartitions.size() == partitions.size();
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(
                        allPaused ? HANDOFF_WAIT.toMillis() : kafkaSettings.pollTimeoutMillis()));
                empty = records.isEmpty();
                for (ConsumerRecord<String, byte[]> record : records) {
                    workers.get(record.partition() % workers.size()).gathering.add(record);
                }
            } else {
                pause(HANDOFF_WAIT.toMillis());
            }
            for (Worker worker : workers) {
                worker.handOff();
            }
            drainCommitted();
            Instant now = clock.instant();
            if (reading && (empty || progress.remaining() == 0
                    || Duration.between(endsRefreshedAt, now).toMillis() >= settings.endOffsetsRefreshMillis())) {
                progress.ends(endOffsets(kafka));
                endsRefreshedAt = now;
            }
        }

        /** Stops fetching the partitions of a worker that has a full transaction waiting already. */
        private void pauseFullWorkers() {
            for (Worker worker : workers) {
                List<TopicPartition> owned = owned(worker);
                if (worker.full()) {
                    kafka.pause(owned);
                    pausedPartitions.addAll(owned);
                } else if (pausedPartitions.containsAll(owned) && !owned.isEmpty()) {
                    kafka.resume(owned);
                    owned.forEach(pausedPartitions::remove);
                }
            }
        }

        private List<TopicPartition> owned(Worker worker) {
            List<TopicPartition> owned = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (partition.partition() % workers.size() == worker.index) {
                    owned.add(partition);
                }
            }
            return owned;
        }

        private void drainCommitted() {
            Committed done;
            while ((done = committed.poll()) != null) {
                progress.committed(done.outcome(), done.nextOffsets());
            }
        }

        /**
         * Pauses the live consumer, catches up with it and makes the new generation live.
         *
         * @return null once switched, else why not (the rebuild then goes on and tries again)
         */
        private String trySwitch() {
            Instant startedAt = clock.instant();
            if (!liveConsumer.isRunning()) {
                // Nobody projects into the live generation. The live consumer, when it starts, goes on from its
                // group's committed offsets, which cannot be beyond the topic's end offsets of now.
                String failure = catchUpWith(endOffsets(kafka), startedAt.plusMillis(settings.pauseHoldMillisMax()));
                return failure != null ? failure : switchOver(null);
            }
            LivePause pause = liveConsumer.requestPause(settings.pauseHoldMillisMax());
            try {
                Map<Integer, Long> targets;
                try {
                    targets = pause.awaitHeld(settings.pauseWaitMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
                if (targets == null) {
                    return pause.failure();
                }
                Instant pausedAt = clock.instant();
                publish(progress, RebuildStatus.State.SWITCHING, null, null);
                log.info("Rebuild of projection generation {}: the live consumer paused at offsets {}; catching up with it",
                        generation.number(), new TreeMap<>(targets));
                // Leave the live consumer a margin of its hold for the switch's own transaction.
                String failure = catchUpWith(targets, pausedAt.plusMillis(settings.pauseHoldMillisMax() * 3 / 4));
                if (failure != null) {
                    return failure;
                }
                if (!pause.beginSwitch()) {
                    return "the live consumer went on before the switch (" + pause.state() + ")";
                }
                return switchOver(pausedAt);
            } finally {
                pause.release();
            }
        }

        /**
         * Projects until every partition has reached {@code targets} and every worker is idle, so that
         * nothing of the rebuild is written after the switch; returns why not when the deadline passed first.
         */
        private String catchUpWith(Map<Integer, Long> targets, Instant deadline) {
            while (!progress.reached(targets)) {
                if (clock.instant().isAfter(deadline)) {
                    return "the rebuild did not reach offsets " + new TreeMap<>(targets) + " in time; it stands at "
                            + progress.nextOffsets();
                }
                step(true);
            }
            while (!workersIdle()) {
                if (clock.instant().isAfter(deadline)) {
                    return "the rebuild's writers did not finish their transactions in time";
                }
                step(false);
            }
            drainCommitted();
            return null;
        }

        private boolean workersIdle() {
            for (Worker worker : workers) {
                if (!worker.idle()) {
                    return false;
                }
            }
            return true;
        }

        private String switchOver(Instant pausedAt) {
            ProjectionGeneration previous = generations.switchTo(generation);
            liveGeneration = generation.number();
            // Readers waiting for a version look again, now in the new generation.
            commits.committed();
            Instant now = clock.instant();
            progress.log(now);
            log.info("Projection generation {} (schema {}) is live; generation {} is retired{}. Its tables are dropped "
                            + "in {} ms.", generation.number(), generation.schema(), previous.number(),
                    pausedAt == null ? "" : " (the live consumer was paused for "
                            + Duration.between(pausedAt, now).toMillis() + " ms)", settings.dropDelayMillis());
            switched.increment();
            publish(progress, RebuildStatus.State.SWITCHED, now, null);
            // Reads that took their connection before the switch finish on the old tables first.
            scheduleDrop(previous);
            return null;
        }

        /**
         * Projects the records of some partitions, one transaction at a time: records gather while it is busy,
         * up to {@code transactionRecordsMax}, and it takes all that gathered when it is done.
         */
        private final class Worker {

            final int index;
            private final AccountCache cache;
            private final BlockingQueue<Batch> handedOver = new ArrayBlockingQueue<>(1);
            private final AtomicInteger unfinished = new AtomicInteger();
            private volatile boolean stopping;
            private Batch gathering = new Batch();
            private Instant gatheringSince;
            private Thread thread;

            Worker(int index, int cacheSize) {
                this.index = index;
                this.cache = new AccountCache(cacheSize);
            }

            void start() {
                thread = new Thread(this::work, "projection-rebuild-" + (index + 1));
                thread.start();
            }

            /** Whether the records gathered are a full transaction that the worker has no room for yet. */
            boolean full() {
                return gathering.size() >= settings.transactionRecordsMax() && !handedOver.isEmpty();
            }

            boolean idle() {
                return unfinished.get() == 0 && gathering.isEmpty();
            }

            /**
             * Hands the gathered records over when the worker has nothing to do, when they make a full
             * transaction, or when they have waited {@code transactionMillisMax}; the worker holds at most
             * one transaction in waiting beside the one it works on.
             */
            void handOff() {
                if (gathering.isEmpty()) {
                    return;
                }
                if (gatheringSince == null) {
                    gatheringSince = clock.instant();
                }
                boolean waitedLong = Duration.between(gatheringSince, clock.instant()).toMillis()
                        >= settings.transactionMillisMax();
                if (unfinished.get() > 0 && gathering.size() < settings.transactionRecordsMax() && !waitedLong) {
                    return;
                }
                unfinished.incrementAndGet();
                if (!handedOver.offer(gathering)) {
                    unfinished.decrementAndGet();
                    return;
                }
                gathering = new Batch();
                gatheringSince = null;
            }

            private void work() {
                try {
                    while (!stopping) {
                        Batch batch = handedOver.poll(HANDOFF_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        if (batch == null) {
                            continue;
                        }
                        try {
                            committed.add(new Committed(project(batch), batch.nextOffsets));
                        } finally {
                            unfinished.decrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Stopped e) {
                    // The service stops; the rebuild's thread says so.
                } catch (RuntimeException | Error e) {
                    workerFailure.compareAndSet(null, e);
                }
            }

            /** Projects a batch and saves the offsets after it, in one transaction; retried a bounded number of times. */
            private ProjectionOutcome project(Batch batch) {
                int failures = 0;
                while (true) {
                    if (stopping || !isRunning()) {
                        throw new Stopped();
                    }
                    try {
                        return generations.dataSource().inSchema(generation.schema(),
                                () -> transactions.execute(status -> {
                                    // A crash loses the rebuild's last transactions and their saved offsets
                                    // together, so they need not wait for the disk; the switch's own commit is
                                    // synchronous and makes everything before it durable.
                                    jdbc.execute("SET LOCAL synchronous_commit TO OFF");
                                    ProjectionOutcome applied = projector.apply(batch.inputs, cache);
                                    generations.saveRebuildOffsets(generation, batch.nextOffsets);
                                    return applied;
                                }));
                    } catch (RuntimeException e) {
                        cache.clear();
                        failures++;
                        if (failures >= settings.failuresMax()) {
                            // One record may be what fails: record by record, it is set aside and the rest
                            // applied; if the database itself fails, this throws and the rebuild fails.
                            log.warn("Rebuild of projection generation {}: a transaction of {} records failed {} times; "
                                    + "projecting them one by one: {}", generation.number(), batch.size(), failures,
                                    LedgerEventConsumer.describe(e));
                            return isolated(batch);
                        }
                        log.warn("Rebuild of projection generation {}: a transaction of {} records failed and was "
                                        + "rolled back (attempt {} of {}); trying again in {} ms: {}", generation.number(),
                                batch.size(), failures, settings.failuresMax(), settings.retryBackoffMillis(),
                                LedgerEventConsumer.describe(e));
                        pause(settings.retryBackoffMillis());
                    }
                }
            }

            /** The batch record by record in the generation's schema, then its offsets. */
            private ProjectionOutcome isolated(Batch batch) {
                return generations.dataSource().inSchema(generation.schema(), () -> {
                    ProjectionOutcome applied = projector.applyIsolating(batch.inputs);
                    transactions.executeWithoutResult(status -> generations.saveRebuildOffsets(generation, batch.nextOffsets));
                    return applied;
                });
            }

            void stop() {
                stopping = true;
            }

            void join() {
                try {
                    thread.join(JOIN_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** What a worker committed: the outcome, and the offsets its partitions go on from. */
    private record Committed(ProjectionOutcome outcome, Map<Integer, Long> nextOffsets) {
    }

    private Map<Integer, Long> endOffsets(KafkaConsumer<String, byte[]> kafka) {
        Map<TopicPartition, Long> ends = kafka.endOffsets(kafka.assignment(),
                Duration.ofMillis(kafkaSettings.metadataTimeoutMillis()));
        Map<Integer, Long> byPartition = new HashMap<>();
        ends.forEach((partition, end) -> byPartition.put(partition.partition(), end));
        return byPartition;
    }

    private void publish(RebuildProgress progress, RebuildStatus.State state, Instant finishedAt, String failure) {
        status = progress.status(state, liveGeneration, finishedAt, failure);
    }

    private void checkRunning() {
        if (!isRunning()) {
            throw new Stopped();
        }
    }

    /** Sleeps, but wakes up at once when the service stops. */
    private void pause(long millis) {
        try {
            stopRequested.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaSettings.login());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaSettings.bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, kafkaSettings.clientId() + "-rebuild");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // No group: the rebuild assigns itself every partition and keeps its offsets in the database,
        // in the same transactions as the rows they stand for.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(pollRecordsMax()));
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return properties;
    }

    private int pollRecordsMax() {
        return Math.min(kafkaSettings.maxPollRecords(), settings.transactionRecordsMax());
    }

    private void registerGauges(MeterRegistry meters) {
        Gauge.builder("query.projection.generation", this, rebuild -> rebuild.status.liveGeneration())
                .description("The generation of projection tables that readers are served from").register(meters);
        Gauge.builder("query.rebuild.running", this, rebuild -> rebuild.status.state().running() ? 1 : 0)
                .description("Whether a rebuild of the projections is under way").register(meters);
        Gauge.builder("query.rebuild.records.done", this, rebuild -> rebuild.status.recordsDone())
                .description("Records the rebuild has read from the topic").register(meters);
        Gauge.builder("query.rebuild.records.topic", this, rebuild -> rebuild.status.recordsTotal())
                .description("Records in the topic up to its end offsets as the rebuild last saw them").register(meters);
        Gauge.builder("query.rebuild.records.rate", this, rebuild -> rebuild.status.recordsPerSecond())
                .description("Records the rebuild handled per second over its last progress interval").register(meters);
        Gauge.builder("query.rebuild.eta", this, rebuild -> {
                    Long eta = rebuild.status.etaSeconds();
                    return eta == null ? Double.NaN : eta;
                }).baseUnit("seconds")
                .description("Time the rebuild has left at its recent rate").register(meters);
    }

    /** The records of one rebuild transaction and the offsets that follow them, per partition. */
    private static final class Batch {

        final List<ProjectionInput> inputs = new ArrayList<>();
        final Map<Integer, Long> nextOffsets = new HashMap<>();

        void add(ConsumerRecord<String, byte[]> record) {
            inputs.add(new ProjectionInput(record.key(), record.value(), ProjectionInput.link(record.headers()),
                    record.topic(), record.partition(), record.offset(), record.timestamp()));
            nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
        }

        boolean isEmpty() {
            return inputs.isEmpty();
        }

        int size() {
            return inputs.size();
        }
    }
}
