package dev.microledger.ledger.transfer;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Commits concurrent single transfers together. Requests wait in a bounded queue; a worker takes
 * whatever has gathered (up to the batch size) and posts it as one command, so under load one
 * database transaction carries many transfers while a lone request is not delayed at all: there
 * is no timer, only the time the previous group took to commit.
 * <p>
 * Each transfer keeps its own outcome: the command handler checks and applies transfers one by
 * one, so a refused transfer never affects the others. Should the group fail as a whole (a
 * database fault), each of its transfers is tried again on its own, so that one bad transfer
 * cannot fail its neighbours.
 */
@Component
class TransferGroupCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransferGroupCommitter.class);

    private record Waiting(TransferInstruction instruction, CompletableFuture<TransferOutcome> outcome) {
    }

    private final GroupCommitProperties properties;
    private final BlockingQueue<Waiting> queue;
    private final DistributionSummary groupSizes;
    private final List<Thread> workers = new ArrayList<>();
    private volatile Function<List<TransferInstruction>, List<TransferOutcome>> poster;
    private volatile boolean running;

    TransferGroupCommitter(GroupCommitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.groupSizes = DistributionSummary.builder("ledger.group.commit.size")
                .description("Transfers committed together in one database transaction")
                .publishPercentileHistogram().register(meters);
        meters.gauge("ledger.group.commit.queue", queue, BlockingQueue::size);
    }

    /** Set by the transfer service: how a group of transfers is posted (one command). */
    void postWith(Function<List<TransferInstruction>, List<TransferOutcome>> poster) {
        this.poster = poster;
    }

    TransferOutcome submit(TransferInstruction instruction) {
        if (!running) {
            throw new LedgerRejection(RejectionCode.SERVICE_UNAVAILABLE, "the ledger is not accepting transfers now");
        }
        CompletableFuture<TransferOutcome> outcome = new CompletableFuture<>();
        if (!queue.offer(new Waiting(instruction, outcome))) {
            throw new LedgerRejection(RejectionCode.SERVICE_UNAVAILABLE,
                    "the ledger is at capacity (" + properties.queueCapacity() + " transfers waiting); retry shortly");
        }
        try {
            return outcome.get(properties.waitTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // The transfer may still commit: a retry with the same transferId tells the caller.
            throw new LedgerRejection(RejectionCode.SERVICE_UNAVAILABLE, "the transfer was not committed within "
                    + properties.waitTimeoutSeconds() + " s; retry with the same transferId to learn its outcome");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerRejection(RejectionCode.SERVICE_UNAVAILABLE, "interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void work() {
        List<Waiting> group = new ArrayList<>(properties.batchSizeMax());
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, properties.batchSizeMax() - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Waiting> group) {
        groupSizes.record(group.size());
        List<TransferInstruction> instructions = new ArrayList<>(group.size());
        group.forEach(waiting -> instructions.add(waiting.instruction()));
        try {
            List<TransferOutcome> outcomes = poster.apply(instructions);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).outcome().complete(outcomes.get(i));
            }
        } catch (RuntimeException failure) {
            if (group.size() == 1) {
                group.get(0).outcome().completeExceptionally(failure);
                return;
            }
            log.warn("A group of {} transfers failed as a whole ({}); posting each on its own", group.size(),
                    failure.toString());
            for (Waiting waiting : group) {
                try {
                    waiting.outcome().complete(poster.apply(List.of(waiting.instruction())).get(0));
                } catch (RuntimeException alone) {
                    waiting.outcome().completeExceptionally(alone);
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (!properties.enabled()) {
            return;
        }
        for (int i = 0; i < properties.workers(); i++) {
            Thread worker = new Thread(this::work, "transfer-group-commit-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        log.info("Group commit on: {} workers, up to {} transfers per database transaction", properties.workers(),
                properties.batchSizeMax());
    }

    @Override
    public void stop() {
        // Workers finish what is queued before they end, so no accepted request is dropped.
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(properties.waitTimeoutSeconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the web server and Axon: requests in flight still get their answer. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
