package dev.microledger.bench.scale;

import java.time.Duration;

import dev.microledger.bench.service.ServiceHttp;

/** Reads a service's heap and collection meters once a second on a thread of its own, until closed. */
final class HeapSampler implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final ServiceHttp service;
    private final HeapStats stats = new HeapStats();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double lastUsedBytes;

    HeapSampler(ServiceHttp service) {
        this.service = service;
        this.thread = new Thread(this::run, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The heap in use at the last sample, for the progress lines. */
    double lastUsedBytes() {
        return lastUsedBytes;
    }

    /** Stops sampling and answers what the samples add up to. */
    HeapStats stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(INTERVAL.toMillis() * 10);
        synchronized (stats) {
            return stats;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void run() {
        while (running) {
            Double used = service.meter("jvm.memory.used", "area:heap", "VALUE");
            Double max = service.meter("jvm.memory.max", "area:heap", "VALUE");
            Double live = service.meter("jvm.gc.live.data.size", null, "VALUE");
            Double pauseCount = service.meter("jvm.gc.pause", null, "COUNT");
            Double pauseTotal = service.meter("jvm.gc.pause", null, "TOTAL_TIME");
            Double pauseMax = service.meter("jvm.gc.pause", null, "MAX");
            synchronized (stats) {
                stats.add(used, max, live, pauseCount, pauseTotal, pauseMax);
            }
            if (used != null) {
                lastUsedBytes = used;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException exception) {
                return;
            }
        }
    }
}
