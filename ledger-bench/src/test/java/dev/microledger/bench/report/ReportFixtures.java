package dev.microledger.bench.report;

import java.util.List;
import java.util.Map;

/** Made-up but plausible numbers, the same every time, for the report's tests. */
final class ReportFixtures {

    static final CpuUsage CPU = new CpuUsage(87.5, 2.0,
            Map.of("ledger-service", 1.1, "query-service", 0.35, "kafka", 0.12, "postgres", 0.4, "bench", 0.2));

    private ReportFixtures() {
    }

    /** A closed-loop run that accepted {@code perSecond} transfers a second for 10 s. */
    static RunResult closed(String workload, String endpoint, double perSecond, double p99Millis, double lagP99Millis) {
        long accepted = Math.round(perSecond * 10);
        return new RunResult(workload, endpoint, "closed loop, 64 clients", null, 10.0, accepted, accepted, 20,
                Map.of("insufficient_funds", 20L), 0, 0, List.of(), null,
                new LatencySummary(accepted, p99Millis / 4, p99Millis, p99Millis * 2, p99Millis * 3),
                new LagSummary(200, lagP99Millis / 3, lagP99Millis, lagP99Millis * 2, 0, 5), CPU, 1.5);
    }

    static RunResult openLoop(String workload, double perSecond) {
        long accepted = Math.round(perSecond * 10);
        return new RunResult(workload, "single", "open loop, 2,000 transfers/s offered", 2000, 10.0, accepted, accepted, 0,
                Map.of(), 0, 0, List.of(), 0L, new LatencySummary(accepted, 2, 8, 20, 31),
                new LagSummary(100, 40, 90, 120, 0, 0), CPU, 0.5);
    }

    static RawLimit rawJdbc(double rowsPerSecond) {
        return new RawLimit(RawLimitNames.JDBC, "rows", rowsPerSecond, Math.round(rowsPerSecond * 5), 5.0,
                "embedded PostgreSQL server; 2 writers, 500 rows per transaction, 5.0 s", null);
    }

    static RawLimit rawKafka(double recordsPerSecond) {
        return new RawLimit(RawLimitNames.KAFKA, "records", recordsPerSecond, Math.round(recordsPerSecond * 5), 5.0,
                "500-byte records, 12 partitions", null);
    }

    static Setup embeddedSetup() {
        return new Setup("embedded PostgreSQL, started with the system (the embedded default; synchronous_commit=on)",
                "started by the benchmark: PostgreSQL, a Kafka broker, ledger-service and query-service as child processes"
                        + " on this machine",
                true, false, "on", 10, 2, 64, 4, 2000,
                List.of(new Setup.WorkloadSetup("uniform", "USER payers to MERCHANT payees chosen at random, amounts 0.0001"
                        + " to 1.0000 USD", 10_000, 100, 42.5)));
    }

    static BenchmarkReport report(List<RunResult> runs, RunResult baseline) {
        Setup setup = embeddedSetup();
        RawLimit jdbc = rawJdbc(100_000);
        RawLimit kafka = rawKafka(250_000);
        return new BenchmarkReport("2026-11-21T20:00:00Z", 321.0, "micro-ledger-bench --duration-seconds 10", machine(), setup,
                List.of(jdbc, kafka), runs, baseline, baseline == null ? "it failed, see the notes" : null, rebuild(60_000, true), null,
                Verdicts.ratios(runs, baseline, jdbc, kafka), Verdicts.targets(setup, runs, baseline), List.of("A note."));
    }

    /** A rebuild of 300,000 records that ran at {@code perSecond} from its first event, after 8 s of start-up. */
    static RebuildResult rebuild(double perSecond, boolean trialBalanceMatches) {
        double seconds = 300_000 / perSecond;
        String live = "[{\"currency\":\"USD\",\"accounts\":30003,\"sumOfBalances\":\"0\"}]";
        return new RebuildResult(300_000, 299_000, 1_000, 8.0, 8.0 + seconds, seconds, 300_000 / (8.0 + seconds), perSecond,
                live, trialBalanceMatches ? live : live.replace("30003", "30002"), trialBalanceMatches,
                new CpuUsage(96.0, 1.0, Map.of("ledger-service", 0.02, "query-service", 0.9, "kafka", 0.25, "postgres", 0.3, "bench", 0.01)),
                null);
    }

    /** A scale run of the given size that completed, with a restart answering after {@code restartSeconds}. */
    static ScaleResult scale(int accounts, long transfers, double restartSeconds, double fundingFirstMillis) {
        return new ScaleResult(accounts, 32, 4, transfers, (transfers + 9) / 10, 400, accounts / 400.0, 220, (accounts - 2) / 220.0,
                transfers / 4_500.0, 4_500, transfers, 0, 3, 12.5, 3_000, 734_003_200.0, 1_073_741_824.0, 209_715_200.0,
                1_200, 9.5, 48, "b1-s-hot", transfers / 10 + 1, accounts - 1, 2.5, restartSeconds, 35.0, 12.0,
                List.of(3.0, 2.5, 2.0, 2.2, 2.1), fundingFirstMillis, 16.0, 48L << 30, 30L << 30, 3L << 30, 2L * transfers + 2L * accounts, transfers / 10 - 500,
                (long) accounts - 1_000, null);
    }

    static MachineFacts machine() {
        return new MachineFacts(2, "AMD EPYC", 25_232_932_864L, "OpenJDK 64-Bit Server VM 17.0.15", "Linux 6.1 amd64", "0.50 0.40 0.30");
    }

    /** The raw limits' names as the report's readers know them. */
    static final class RawLimitNames {
        static final String JDBC = "Raw JDBC batch insert of event-sized rows";
        static final String KAFKA = "Raw Kafka produce of event-sized records";

        private RawLimitNames() {
        }
    }
}
