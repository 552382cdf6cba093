package dev.microledger.bench.report;

/**
 * The running query-service rebuilding its projections from the topic into new tables, timed from
 * the request until it has handled every record the topic held and switched to the new tables.
 *
 * @param topicRecords                 records in the topic when the rebuild started (all partitions)
 * @param projected                    events the rebuild applied
 * @param skipped                      records it skipped (duplicates from the outbox's re-sends, gaps, malformed, refused)
 * @param startupSeconds               from the request to the first projected event it reported
 * @param secondsFromStart             from the request until it had handled every record and switched
 * @param secondsFromFirstEvent        from the first projected event it reported until it had handled every record
 * @param recordsPerSecondFromStart    handled records per second from the request, or null
 * @param recordsPerSecondFromFirstEvent handled records per second from the first projected event, or null when
 *                                     everything was handled before the second sample
 * @param liveTrialBalance             the query-service's trial balance before the rebuild, as JSON text
 * @param rebuiltTrialBalance          its trial balance after the switch
 * @param trialBalanceMatches          whether both are the same
 * @param cpu                          CPU used from the request until the switch, by process
 * @param failure                      why it was not measured, or null
 */
public record RebuildResult(
        long topicRecords,
        long projected,
        long skipped,
        double startupSeconds,
        double secondsFromStart,
        double secondsFromFirstEvent,
        Double recordsPerSecondFromStart,
        Double recordsPerSecondFromFirstEvent,
        String liveTrialBalance,
        String rebuiltTrialBalance,
        boolean trialBalanceMatches,
        CpuUsage cpu,
        String failure) {

    public RebuildResult {
        cpu = cpu == null ? CpuUsage.unavailable() : cpu;
    }

    public static RebuildResult failed(String failure) {
        return new RebuildResult(0, 0, 0, 0, 0, 0, null, null, null, null, false, null, failure);
    }

    public boolean measured() {
        return failure == null;
    }

    /**
     * query-service's CPU time per 1,000 handled records, in milliseconds: what a rebuild costs
     * whatever else the machine was doing, which the rates are not.
     *
     * @return null when its CPU time could not be read or nothing was handled
     */
    public Double queryCpuMillisPerThousandRecords() {
        Double cores = cpu.processCores().get("query-service");
        long handled = projected + skipped;
        if (cores == null || handled == 0) {
            return null;
        }
        return cores * secondsFromStart * 1_000_000.0 / handled;
    }
}
