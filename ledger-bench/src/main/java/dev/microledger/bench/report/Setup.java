package dev.microledger.bench.report;

import java.util.List;

/**
 * How the run was set up.
 *
 * @param database              the database the services ran on: the system's embedded PostgreSQL, one given by URL,
 *                              or unknown for services given by URL
 * @param system                what was measured: the system the benchmark started, or services given by URL
 * @param startedByBenchmark    whether the benchmark started the system itself, as the embedded default does
 * @param externalPostgres      whether the services ran on a PostgreSQL server given by URL rather than the system's embedded one
 * @param synchronousCommit     PostgreSQL's synchronous_commit as the benchmark's connection saw it, or null
 * @param durationSeconds       measured time of each run
 * @param warmupSeconds         warm-up before each run
 * @param clients               closed-loop clients on the single endpoint
 * @param batchClients          closed-loop clients on the batch endpoint
 * @param openLoopRatePerSecond offered transfers/s of the open-loop runs, 0 for none, -1 for half the
 *                              closed-loop single rate of each workload
 * @param workloads             the workloads with their accounts
 */
public record Setup(
        String database,
        String system,
        boolean startedByBenchmark,
        boolean externalPostgres,
        String synchronousCommit,
        int durationSeconds,
        int warmupSeconds,
        int clients,
        int batchClients,
        int openLoopRatePerSecond,
        List<WorkloadSetup> workloads) {

    public Setup {
        workloads = List.copyOf(workloads);
    }

    /**
     * @param name           the workload
     * @param description    what it does
     * @param payers         payer accounts (users for top-up)
     * @param payees         payee accounts (0 for top-up)
     * @param seedingSeconds how long opening and funding its accounts took
     */
    public record WorkloadSetup(String name, String description, int payers, int payees, double seedingSeconds) {
    }
}
