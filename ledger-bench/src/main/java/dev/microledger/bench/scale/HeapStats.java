package dev.microledger.bench.scale;

/**
 * What the samples of a service's heap add up to: the most heap in use (live objects and garbage
 * not collected yet), the most live data after a full collection when the collector reports it,
 * and the collection pauses. Used by one sampler thread, read after it stopped.
 */
final class HeapStats {

    private int samples;
    private double heapUsedMaxBytes;
    private double heapMaxBytes;
    private Double liveDataMaxBytes;
    private double gcPauseCount;
    private double gcPauseTotalSeconds;
    private double gcPauseMaxSeconds;

    /**
     * One reading of the actuator's meters; a meter the service did not report is null.
     *
     * @param heapUsedBytes {@code jvm.memory.used} of the heap
     * @param heapMax {@code jvm.memory.max} of the heap
     * @param liveDataBytes {@code jvm.gc.live.data.size}
     * @param pauseCount {@code jvm.gc.pause} COUNT, since the service started
     * @param pauseTotalSeconds {@code jvm.gc.pause} TOTAL_TIME, since the service started
     * @param pauseMaxSeconds {@code jvm.gc.pause} MAX, the longest pause of the meter's recent window
     */
    void add(Double heapUsedBytes, Double heapMax, Double liveDataBytes, Double pauseCount, Double pauseTotalSeconds,
            Double pauseMaxSeconds) {
        if (heapUsedBytes == null) {
            return;
        }
        samples++;
        heapUsedMaxBytes = Math.max(heapUsedMaxBytes, heapUsedBytes);
        if (heapMax != null && heapMax > 0) {
            heapMaxBytes = heapMax;
        }
        if (liveDataBytes != null && liveDataBytes > 0) {
            liveDataMaxBytes = liveDataMaxBytes == null ? liveDataBytes : Math.max(liveDataMaxBytes, liveDataBytes);
        }
        if (pauseCount != null) {
            gcPauseCount = Math.max(gcPauseCount, pauseCount);
        }
        if (pauseTotalSeconds != null) {
            gcPauseTotalSeconds = Math.max(gcPauseTotalSeconds, pauseTotalSeconds);
        }
        if (pauseMaxSeconds != null) {
            gcPauseMaxSeconds = Math.max(gcPauseMaxSeconds, pauseMaxSeconds);
        }
    }

    int samples() {
        return samples;
    }

    double heapUsedMaxBytes() {
        return heapUsedMaxBytes;
    }

    double heapMaxBytes() {
        return heapMaxBytes;
    }

    Double liveDataMaxBytes() {
        return liveDataMaxBytes;
    }

    long gcPauseCount() {
        return Math.round(gcPauseCount);
    }

    double gcPauseTotalSeconds() {
        return gcPauseTotalSeconds;
    }

    double gcPauseMaxMillis() {
        return gcPauseMaxSeconds * 1000;
    }
}
