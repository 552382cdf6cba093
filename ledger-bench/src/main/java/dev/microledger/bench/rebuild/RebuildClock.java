package dev.microledger.bench.rebuild;

import dev.microledger.bench.report.CpuUsage;
import dev.microledger.bench.report.RebuildResult;

/**
 * Times a rebuild from the samples of the rebuilding query-service's counters: when its process
 * started, when it first reported a projected event, and when it had handled (projected or
 * skipped) as many records as the topic held. Rates are handled records per second; the rate from
 * the first event counts only what was handled after the sample that first saw one, so it is not
 * flattered by the records handled before that sample.
 */
final class RebuildClock {

    private final long startNanos;
    private final long topicRecords;
    private long firstEventNanos = -1;
    private long handledAtFirstEvent;
    private long lastNanos;
    private long projected;
    private long skipped;

    RebuildClock(long startNanos, long topicRecords) {
        if (topicRecords < 0) {
            throw new IllegalArgumentException("topicRecords must not be negative: " + topicRecords);
        }
        this.startNanos = startNanos;
        this.topicRecords = topicRecords;
        this.lastNanos = startNanos;
    }

    /** One reading of the counters; they only ever grow, and a sample older than the last is a mistake. */
    void sample(long nanos, long projectedSoFar, long skippedSoFar) {
        if (nanos < lastNanos) {
            throw new IllegalArgumentException("samples must come in time order");
        }
        if (projectedSoFar < projected || skippedSoFar < skipped) {
            throw new IllegalArgumentException("the counters went back from " + projected + "/" + skipped
                    + " to " + projectedSoFar + "/" + skippedSoFar + ": was the service restarted?");
        }
        lastNanos = nanos;
        projected = projectedSoFar;
        skipped = skippedSoFar;
        if (firstEventNanos < 0 && projectedSoFar > 0) {
            firstEventNanos = nanos;
            handledAtFirstEvent = projectedSoFar + skippedSoFar;
        }
    }

    long handled() {
        return projected + skipped;
    }

    boolean done() {
        return handled() >= topicRecords;
    }

    double secondsSinceStart() {
        return (lastNanos - startNanos) / 1e9;
    }

    RebuildResult result(String liveTrialBalance, String rebuiltTrialBalance, boolean trialBalanceMatches,
                         CpuUsage cpu) {
        double fromStart = (lastNanos - startNanos) / 1e9;
        double startup = firstEventNanos < 0 ? fromStart : (firstEventNanos - startNanos) / 1e9;
        double fromFirstEvent = firstEventNanos < 0 ? 0 : (lastNanos - firstEventNanos) / 1e9;
        Double rateFromStart = fromStart > 0 ? handled() / fromStart : null;
        Double rateFromFirstEvent = fromFirstEvent > 0 ? (handled() - handledAtFirstEvent) / fromFirstEvent : null;
        return new RebuildResult(topicRecords, projected, skipped, startup, fromStart, fromFirstEvent, rateFromStart,
                rateFromFirstEvent, liveTrialBalance, rebuiltTrialBalance, trialBalanceMatches, cpu, null);
    }
}
