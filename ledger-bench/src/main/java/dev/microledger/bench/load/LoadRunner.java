package dev.microledger.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.microledger.bench.machine.CpuMeter;
import dev.microledger.bench.report.RunResult;
import org.HdrHistogram.Histogram;

/**
 * Drives one workload through one endpoint for a warm-up and a measured window, then waits until
 * query-service shows the last transfers, so the next run starts on a quiet system.
 */
public final class LoadRunner {

    /** The open loop's requests in flight at most; a send due beyond this waits, and its wait counts as latency. */
    static final int OPEN_LOOP_IN_FLIGHT_MAX = 128;
    /** How long the load stops for after a request fails without an answer, so a dead service is not hammered. */
    static final long FAILURE_PAUSE_MILLIS = 100;
    static final long CATCH_UP_SECONDS_MIN = 60;
    static final long CATCH_UP_SECONDS_MAX = 600;

    private static final long JOIN_NANOS = LedgerClient.REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
    private static final long NOT_FOUND_PAUSE_MILLIS = 50;

    private final LedgerClient client;
    private final CpuMeter cpuMeter;
    private final Duration warmup;
    private final Duration duration;
    private final PrintStream progress;

    public LoadRunner(LedgerClient client, CpuMeter cpuMeter, Duration warmup, Duration duration, PrintStream progress) {
        this.client = client;
        this.cpuMeter = cpuMeter;
        this.warmup = warmup;
        this.duration = duration;
        this.progress = progress;
    }

    /**
     * Closed loop: each client sends a request, waits for its answer and sends the next at once.
     *
     * @param clients concurrent clients, each a thread with a blocking send
     */
    public RunResult closedLoop(TransferFactory factory, Workload workload, Endpoint endpoint, int clients)
            throws InterruptedException {
        try (LagProbe lagProbe = new LagProbe(client)) {
            LoadRecorder recorder = new LoadRecorder(lagProbe, cpuMeter);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>(clients);
            for (int slot = 0; slot < clients; slot++) {
                int clientSlot = slot;
                Thread thread = new Thread(() -> sendUntilStopped(factory, endpoint, recorder, stop, clientSlot),
                        "bench-client-" + slot);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            try {
                Thread.sleep(warmup.toMillis());
                recorder.begin();
                Thread.sleep(duration.toMillis());
                recorder.end();
            } finally {
                stop.set(true);
                joinOrInterrupt(threads);
            }
            long stoppedNanos = System.nanoTime();
            String load = "closed loop, " + clients + (clients == 1 ? " client" : " clients")
                    + (endpoint.isBatch() ? " × " + endpoint.batchSize() + " transfers" : "");
            return result(workload, endpoint, load, null, null, recorder, lagProbe, stoppedNanos);
        }
    }

    /**
     * Open loop: sends at a fixed rate whatever the answers do, with at most
     * {@value #OPEN_LOOP_IN_FLIGHT_MAX} requests in flight; latency counts from when each send was due.
     * The sends go out from a pool of threads with blocking sends rather than with the HTTP
     * client's asynchronous API: on a machine with two cores the JDK completes each asynchronous
     * exchange on a thread of its own, and starting a thread per answer costs more than the answer.
     */
    public RunResult openLoop(TransferFactory factory, Workload workload, int ratePerSecond) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(OPEN_LOOP_IN_FLIGHT_MAX, daemonThreads("bench-open-loop-"));
        try (LagProbe lagProbe = new LagProbe(client)) {
            LoadRecorder recorder = new LoadRecorder(lagProbe, cpuMeter);
            Semaphore inFlight = new Semaphore(OPEN_LOOP_IN_FLIGHT_MAX);
            long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            long windowStartNanos = startNanos + warmup.toNanos();
            long endNanos = windowStartNanos + duration.toNanos();
            RatePacer pacer = new RatePacer(startNanos, ratePerSecond);
            long sentInWindow = 0;
            boolean windowOpen = false;
            try {
                for (long sendIndex = 0; ; sendIndex++) {
                    long dueNanos = pacer.sendNanos(sendIndex);
                    if (dueNanos >= endNanos) {
                        break;
                    }
                    parkUntil(dueNanos);
                    if (!windowOpen && dueNanos >= windowStartNanos) {
                        recorder.begin();
                        windowOpen = true;
                    }
                    long waitNanos = endNanos - System.nanoTime();
                    if (waitNanos <= 0 || !inFlight.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    int slot = (int) (sendIndex % LoadRecorder.ACK_SLOTS);
                    senders.execute(() -> sendOnce(factory, recorder, inFlight, slot, dueNanos));
                    if (windowOpen) {
                        sentInWindow++;
                    }
                }
                parkUntil(endNanos);
                if (!windowOpen) {
                    recorder.begin();
                }
                recorder.end();
            } finally {
                // Bounded by the request timeout: every request in flight ends by then.
                if (inFlight.tryAcquire(OPEN_LOOP_IN_FLIGHT_MAX, JOIN_NANOS, TimeUnit.NANOSECONDS)) {
                    inFlight.release(OPEN_LOOP_IN_FLIGHT_MAX);
                }
            }
            long stoppedNanos = System.nanoTime();
            long missed = Math.max(0, pacer.sendsDueBetween(windowStartNanos, endNanos) - sentInWindow);
            String load = "open loop, " + String.format(Locale.ROOT, "%,d", ratePerSecond) + " transfers/s offered";
            return result(workload, Endpoint.SINGLE, load, ratePerSecond, missed, recorder, lagProbe, stoppedNanos);
        } finally {
            senders.shutdownNow();
        }
    }

    private void sendUntilStopped(TransferFactory factory, Endpoint endpoint, LoadRecorder recorder, AtomicBoolean stop, int slot) {
        while (!stop.get()) {
            List<TransferFactory.Transfer> transfers = factory.next(endpoint.batchSize());
            String body = TransferFactory.body(transfers, endpoint.isBatch());
            long sentNanos = System.nanoTime();
            try {
                LedgerClient.Answer answer = client.postTransfers(endpoint.isBatch(), body);
                recorder.answered(slot, transfers, endpoint.isBatch(), answer, System.nanoTime() - sentNanos);
            } catch (IOException exception) {
                recorder.failed(transfers.size(), exception);
                if (!pause(FAILURE_PAUSE_MILLIS)) {
                    return;
                }
            } catch (InterruptedException exception) {
                return;
            }
        }
    }

    private void sendOnce(TransferFactory factory, LoadRecorder recorder, Semaphore inFlight, int slot, long dueNanos) {
        List<TransferFactory.Transfer> transfers = List.of(factory.next());
        try {
            LedgerClient.Answer answer = client.postTransfers(false, TransferFactory.body(transfers, false));
            recorder.answered(slot, transfers, false, answer, System.nanoTime() - dueNanos);
        } catch (IOException exception) {
            recorder.failed(transfers.size(), exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.release();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private RunResult result(Workload workload, Endpoint endpoint, String load, Integer offeredRate, Long missed,
            LoadRecorder recorder, LagProbe lagProbe, long stoppedNanos) throws InterruptedException {
        Histogram lag = lagProbe.finish(LagProbe.DEADLINE_NANOS + TimeUnit.SECONDS.toNanos(2));
        Double catchUpSeconds = awaitProjection(recorder.lastAcknowledged(), stoppedNanos);
        return new RunResult(workload.label(), endpoint.label(), load, offeredRate, recorder.measuredSeconds(),
                recorder.requests(), recorder.accepted(), recorder.rejected(), recorder.rejectedByCode(), recorder.overloaded(),
                recorder.errors(), recorder.errorSamples(), missed, recorder.latency(), recorder.lag(lag), recorder.cpu(),
                catchUpSeconds);
    }

    /**
     * Drives the endpoint for the warm-up time and measures nothing: a freshly started system's
     * JVMs compile their hot paths during the first seconds of load, and that should not land in
     * the first measured run alone.
     */
    public void warmUp(TransferFactory factory, Workload workload, Endpoint endpoint, int clients) throws InterruptedException {
        new LoadRunner(client, cpuMeter, warmup, Duration.ZERO, progress).closedLoop(factory, workload, endpoint, clients);
    }

    /**
     * Waits until query-service shows these accounts at these versions, for instance after seeding.
     *
     * @return the seconds it took, or null when not within the deadline
     */
    public Double awaitProjection(Map<String, Long> versions) throws InterruptedException {
        return awaitProjection(versions, System.nanoTime());
    }

    /**
     * Waits until query-service shows every client's last acknowledged transfer, so the next run
     * does not share the machine with this run's backlog.
     *
     * @return seconds from the end of the load until then, or null when not within the deadline
     */
    private Double awaitProjection(Map<String, Long> lastVersions, long stoppedNanos) throws InterruptedException {
        long deadlineSeconds = Math.min(CATCH_UP_SECONDS_MAX,
                Math.max(CATCH_UP_SECONDS_MIN, 3 * (warmup.toSeconds() + duration.toSeconds())));
        long deadlineNanos = stoppedNanos + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        for (Map.Entry<String, Long> last : lastVersions.entrySet()) {
            if (!awaitVersion(last.getKey(), last.getValue(), deadlineNanos)) {
                progress.printf(Locale.ROOT, "  query-service did not show %s at version %d within %d s%n",
                        last.getKey(), last.getValue(), deadlineSeconds);
                return null;
            }
        }
        return (System.nanoTime() - stoppedNanos) / 1e9;
    }

    private boolean awaitVersion(String accountId, long version, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() - deadlineNanos < 0) {
            LedgerClient.Answer answer;
            try {
                answer = client.accountAtVersion(accountId, version);
            } catch (IOException exception) {
                return false;
            }
            if (answer.status() == 200) {
                return true;
            }
            if (answer.status() == 404) {
                Thread.sleep(NOT_FOUND_PAUSE_MILLIS);
            } else if (answer.status() != 503) {
                return false;
            }
        }
        return false;
    }

    private static void joinOrInterrupt(List<Thread> threads) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + JOIN_NANOS;
        for (Thread thread : threads) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis > 0) {
                thread.join(remainingMillis);
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }

    private static void parkUntil(long deadlineNanos) {
        long remainingNanos;
        while ((remainingNanos = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remainingNanos);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException exception) {
            return false;
        }
    }
}
