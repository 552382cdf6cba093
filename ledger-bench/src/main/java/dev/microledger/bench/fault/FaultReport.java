package dev.microledger.bench.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.microledger.bench.report.MachineFacts;

/**
 * Everything one fault run found, as fault-report.json holds it and fault-report.md shows it.
 * Times are in milliseconds unless a name says otherwise.
 *
 * @param command    the command that ran, to repeat it
 * @param startedAt  when the run began, ISO-8601 UTC
 * @param minutes    how long it took, the checks included
 * @param seed       the seed of the kill schedule and of the load
 * @param machine    the machine it ran on
 * @param settings   how it ran
 * @param outcome    the verdict: acknowledged, lost and duplicated transfers, and each check
 * @param recovery   the recovery times by kind of kill
 * @param kills      every kill
 * @param load       what the clients sent and got back
 * @param store      the event store held against the acknowledged transfers
 * @param projection query-service's entries and balances held against them
 * @param rebuild    the live projection compared with a rebuild from the topic
 * @param audit      the event store's chains
 * @param failures   what went wrong; empty when the run passed
 * @param notes      anything else worth knowing
 */
public record FaultReport(
        String command,
        String startedAt,
        double minutes,
        long seed,
        MachineFacts machine,
        Settings settings,
        Outcome outcome,
        List<RecoveryByKind> recovery,
        List<KillRecord> kills,
        Load load,
        StoreCheck.Result store,
        ProjectionCheck.Result projection,
        RebuildComparison.Result rebuild,
        ChainAudit.Result audit,
        List<String> failures,
        List<String> notes) {

    /** How the run was set up. */
    public record Settings(int killsPlanned, List<KillKind> kinds, int clients, int thinkMillis, int payers, int merchants,
                           int pauseMinSeconds, int pauseMaxSeconds, int recoveryTimeoutSeconds) {
    }

    /**
     * The verdict.
     *
     * @param passed             whether every check passed and nothing was lost or duplicated
     * @param killsMade          kills made
     * @param killsByProcess     kills by what was killed
     * @param acknowledged       transfers acknowledged to a client (201 or 200, POSTED in a batch), probes and top-ups included
     * @param lost               of them, missing from the event store or from query-service's entries
     * @param duplicated         of them, more than once in the event store or in query-service's entries
     * @param rejected           transfers refused with a code, by code (insufficient funds on the payers kept near their floor)
     * @param unresolved         transfers still without a definite answer when the clients stopped asking
     * @param contradictions     answers that contradict an earlier answer for the same id
     * @param checks             each check and whether it passed
     */
    public record Outcome(boolean passed, int killsMade, Map<String, Integer> killsByProcess, long acknowledged, long lost,
                          long duplicated, Map<String, Long> rejected, long unresolved, List<String> contradictions,
                          Map<String, Boolean> checks) {
    }

    /** The recovery times of one kind of kill, in seconds: nearest-rank percentiles over its kills that recovered. */
    public record RecoveryByKind(KillKind kind, int kills, int recovered, Double paymentP50Seconds, Double paymentP90Seconds,
                                 Double paymentMaxSeconds, Double projectionP50Seconds, Double projectionP90Seconds,
                                 Double projectionMaxSeconds, Double processesGoneMaxSeconds) {

        static RecoveryByKind of(KillKind kind, List<KillRecord> kills) {
            List<Long> payments = new ArrayList<>();
            List<Long> projections = new ArrayList<>();
            List<Long> gone = new ArrayList<>();
            int count = 0;
            int recovered = 0;
            for (KillRecord kill : kills) {
                if (kill.kind() != kind) {
                    continue;
                }
                count++;
                if (kill.recovered()) {
                    recovered++;
                    payments.add(kill.paymentMillis());
                    projections.add(kill.projectionMillis());
                }
                if (kill.processesGoneMillis() != null) {
                    gone.add(kill.processesGoneMillis());
                }
            }
            return new RecoveryByKind(kind, count, recovered, percentile(payments, 50), percentile(payments, 90),
                    percentile(payments, 100), percentile(projections, 50), percentile(projections, 90),
                    percentile(projections, 100), percentile(gone, 100));
        }

        /** Nearest rank: the smallest value with at least the percent of the values at or below it. */
        static Double percentile(List<Long> millis, int percent) {
            if (millis.isEmpty()) {
                return null;
            }
            List<Long> sorted = millis.stream().sorted().toList();
            int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
            return sorted.get(Math.max(0, rank - 1)) / 1000.0;
        }
    }

    /**
     * What the load clients did.
     *
     * @param seconds                 how long the load ran, from its start until the clients stopped
     * @param requests                requests sent, retries included
     * @param retries                 of them, retries of a request that had no definite answer yet
     * @param singleRequests          distinct requests to POST /transfers
     * @param batchRequests           distinct requests to POST /transfers/batch
     * @param acknowledgedSingle      transfers acknowledged through POST /transfers
     * @param acknowledgedInBatches   transfers acknowledged through POST /transfers/batch
     * @param acknowledgedAfterRetry  transfers acknowledged only by a retry
     * @param answeredAsAlreadyPosted single transfers a retry answered 200: committed by an attempt whose answer was lost
     * @param transfersPerSecond      acknowledged transfers per second of load
     * @param answers                 every kind of answer and how often it came
     */
    public record Load(double seconds, long requests, long retries, long singleRequests, long batchRequests,
                       long acknowledgedSingle, long acknowledgedInBatches, long acknowledgedAfterRetry,
                       long answeredAsAlreadyPosted, double transfersPerSecond, Map<String, Long> answers) {

        static Load of(LoadCounters counters, double seconds) {
            long acknowledged = counters.acknowledgedSingle.sum() + counters.acknowledgedInBatches.sum();
            return new Load(seconds, counters.requests.sum(), counters.retries.sum(), counters.singleRequests.sum(),
                    counters.batchRequests.sum(), counters.acknowledgedSingle.sum(), counters.acknowledgedInBatches.sum(),
                    counters.acknowledgedAfterRetry.sum(), counters.answeredAsAlreadyPosted.sum(),
                    seconds > 0 ? acknowledged / seconds : 0, counters.answers());
        }
    }
}
