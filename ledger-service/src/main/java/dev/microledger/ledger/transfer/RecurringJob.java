package dev.microledger.ledger.transfer;

import org.springframework.context.SmartLifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A job the ledger runs by itself on one daemon thread of its own, every interval from the
 * service's start to its stop: what is due is found in the database, so a round missed while
 * the service was down is made up by the first round after its start.
 */
abstract class RecurringJob implements SmartLifecycle {

    private final String threadName;
    private final long initialDelayMillis;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    RecurringJob(String threadName, long initialDelayMillis, long intervalMillis) {
        this.threadName = threadName;
        this.initialDelayMillis = initialDelayMillis;
        this.intervalMillis = intervalMillis;
    }

    /** {@code intervalMillis} when it is at least {@code min}; else a start refused with the property's name. */
    static long atLeast(long intervalMillis, long min, String property) {
        if (intervalMillis < min) {
            throw new IllegalArgumentException(property + " must be at least " + min);
        }
        return intervalMillis;
    }

    /** One round; a failure is the round's to log, and the next round comes all the same. */
    abstract void round();

    long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, initialDelayMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
