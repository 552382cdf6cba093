package dev.microledger.bench.load;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Measures projection lag on a sample of accepted transfers: right after the ledger's answer it
 * asks query-service for the credit account with {@code ?minVersion=} the version the answer
 * named, and times until that answers 200. query-service holds such a request until the version
 * is projected (about 2 s at most, then 503), so the probe sees the moment the projection
 * commits without polling. Up to {@link #PROBES_MAX} probes run at once; a sample due while all
 * are busy is skipped and counted, so probing never piles up.
 *
 * <p>Probes are busy exactly while the lag is long, so skipped samples are the slow ones: with too
 * few probes the histogram leaves out the worst moments. {@link #PROBES_MAX} is chosen so that
 * the benchmark's runs skip next to none: a saturated batch100 run answers about 50 requests a
 * second, each sampled, at lags up to a second or more.
 */
final class LagProbe implements AutoCloseable {

    /** One accepted transfer in this many is sampled. */
    static final int SAMPLE_EVERY = 50;
    static final int PROBES_MAX = 64;
    /** A transfer not visible this long after its acknowledgement counts as a timeout. */
    static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long LAG_MICROS_MAX = TimeUnit.SECONDS.toMicros(60);
    private static final long NOT_FOUND_PAUSE_MILLIS = 10;

    private final LedgerClient client;
    private final ExecutorService probes;
    private final Semaphore idleProbes = new Semaphore(PROBES_MAX);
    private final AtomicLong acceptedSeen = new AtomicLong();
    private final Recorder lagMicros = new Recorder(LAG_MICROS_MAX, 3);
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failures = new LongAdder();

    LagProbe(LedgerClient client) {
        this.client = client;
        AtomicInteger threadNumber = new AtomicInteger();
        this.probes = Executors.newFixedThreadPool(PROBES_MAX, runnable -> {
            Thread thread = new Thread(runnable, "bench-lag-probe-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Called for every answer with accepted transfers inside the measured window; probes the
     * given transfer when the running count of accepted transfers passes a multiple of {@link #SAMPLE_EVERY}.
     *
     * @param acceptedCount    transfers the answer accepted
     * @param creditAccountId  the credit account of one accepted transfer of the answer
     * @param version          that account's version after the transfer
     * @param acknowledgedNanos when the answer arrived
     */
    void onAccepted(int acceptedCount, String creditAccountId, long version, long acknowledgedNanos) {
        long before = acceptedSeen.getAndAdd(acceptedCount);
        if (before / SAMPLE_EVERY == (before + acceptedCount) / SAMPLE_EVERY) {
            return;
        }
        if (!idleProbes.tryAcquire()) {
            skipped.increment();
            return;
        }
        try {
            probes.execute(() -> {
                try {
                    probe(creditAccountId, version, acknowledgedNanos);
                } finally {
                    idleProbes.release();
                }
            });
        } catch (RuntimeException rejected) {
            idleProbes.release();
            failures.increment();
        }
    }

    /** Waits (bounded) for the probes under way, then answers the lag histogram in microseconds. */
    Histogram finish(long waitNanos) throws InterruptedException {
        if (idleProbes.tryAcquire(PROBES_MAX, waitNanos, TimeUnit.NANOSECONDS)) {
            idleProbes.release(PROBES_MAX);
        }
        return lagMicros.getIntervalHistogram();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long skipped() {
        return skipped.sum();
    }

    long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    private void probe(String accountId, long version, long acknowledgedNanos) {
        long deadlineNanos = acknowledgedNanos + DEADLINE_NANOS;
        while (System.nanoTime() - deadlineNanos < 0) {
            LedgerClient.Answer answer;
            try {
                answer = client.accountAtVersion(accountId, version);
            } catch (IOException exception) {
                failures.increment();
                return;
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                return;
            }
            if (answer.status() == 200) {
                lagMicros.recordValue(Math.min(LAG_MICROS_MAX, (System.nanoTime() - acknowledgedNanos) / 1000));
                return;
            }
            if (answer.status() == 404 && !pause()) {
                return;
            }
            if (answer.status() != 503 && answer.status() != 404) {
                failures.increment();
                return;
            }
        }
        timeouts.increment();
    }

    // A 404 comes back at once rather than after a wait, so the next try is spaced out a little.
    private static boolean pause() {
        try {
            Thread.sleep(NOT_FOUND_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
