package dev.microledger.bench.report;

import static dev.microledger.bench.report.ReportFixtures.closed;
import static dev.microledger.bench.report.ReportFixtures.openLoop;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkdownReportTests {

    @Test
    void rendersATablePerWorkloadWithOneRowPerRun() {
        BenchmarkReport report = ReportFixtures.report(
                List.of(closed("uniform", "single", 9_000, 40, 800), openLoop("uniform", 2_000)),
                closed("uniform", "single", 1_500, 90, 300));

        String markdown = MarkdownReport.render(report);

        assertThat(markdown).startsWith("# micro-ledger benchmark\n\nStarted 2026-11-21T20:00:00Z, took 321 s. Database: embedded"
                + " PostgreSQL, started with the system (the embedded default; synchronous_commit=on). System: started by");
        assertThat(markdown).contains("```\nmicro-ledger-bench --duration-seconds 10\n```");
        assertThat(markdown).contains("""
                ### uniform

                USER payers to MERCHANT payees chosen at random, amounts 0.0001 to 1.0000 USD. 10,000 payers, 100 payees; \
                accounts set up in 43 s.

                | Endpoint | Load | Accepted/s | Rejected/s | Latency p50 / p99 / p99.9 ms | Lag p50 / p99 ms (samples) \
                | CPU busy | Cores ledger / query / kafka / postgres / bench | Caught up after |
                |---|---|---:|---:|---:|---:|---:|---:|---:|
                | single | closed loop, 64 clients | 9,000 | 2 | 10.0 / 40.0 / 80.0 | 267 / 800 (200) | 88 % (+2 % iowait) \
                | 1.10 / 0.35 / 0.12 / 0.40 / 0.20 | 1.5 s |
                | single | open loop, 2,000 transfers/s offered | 2,000 | 0 | 2.00 / 8.00 / 20.0 | 40.0 / 90.0 (100) \
                | 88 % (+2 % iowait) | 1.10 / 0.35 / 0.12 / 0.40 / 0.20 | 0.5 s |

                - single: 20 rejected {insufficient_funds=20}; 5 lag samples skipped, every probe busy
                """);
    }

    @Test
    void rendersTheTargetsRawLimitsRatiosAndMachine() {
        BenchmarkReport report = ReportFixtures.report(List.of(closed("uniform", "single", 9_000, 40, 800)),
                closed("uniform", "single", 1_500, 90, 300));

        String markdown = MarkdownReport.render(report);

        assertThat(markdown).contains("| Single endpoint, 64 clients, uniform | ≥ 8,000 transfers/s with p99 ≤ 50 ms"
                + " | 9,000 transfers/s, p99 40.0 ms | yes |");
        assertThat(markdown).contains("| PostgreSQL, synchronous commit, batch endpoint, uniform | ≥ 10,000 transfers/s"
                + " | not measured: no batch-endpoint run of uniform | – |");
        assertThat(markdown).contains("| Raw JDBC batch insert of event-sized rows | 100,000 rows/s"
                + " | embedded PostgreSQL server; 2 writers, 500 rows per transaction, 5.0 s |");
        assertThat(markdown).contains("| uniform single: event rows/s ÷ raw JDBC rows/s | 18 % | 18,000 event rows/s ÷ 100,000 raw JDBC rows/s |");
        assertThat(markdown).contains("| batched (group commit), uniform single ÷ baseline | 6x | 9,000 ÷ 1,500 transfers/s |");
        assertThat(markdown).contains("## Baseline: one command, one unit of work, one transaction per transfer\n\n"
                + "A fresh system with `--ledger.group-commit.enabled=false`.\n\n");
        assertThat(markdown).contains("- Cores: 2 (AMD EPYC)\n- Memory: 23.5 GiB\n");
        assertThat(markdown).contains("- Load average at the start (1, 5, 15 min): 0.50 0.40 0.30;");
        assertThat(markdown).endsWith("## Notes\n\n- A note.\n\n");
    }

    @Test
    void aMissingBaselineSaysWhy() {
        String markdown = MarkdownReport.render(ReportFixtures.report(List.of(), null));

        assertThat(markdown).contains("Not run: it failed, see the notes.\n");
        assertThat(markdown).contains("### uniform\n\nUSER payers");
        assertThat(markdown).contains("No runs.\n");
    }

    @Test
    void pipesInTextDoNotBreakTheTables() {
        RunResult run = closed("uniform", "single", 100, 4, 5);
        RunResult failing = new RunResult(run.workload(), run.endpoint(), run.load(), null, 10.0, 10, 10, 0, java.util.Map.of(),
                30, 2, List.of("HTTP 500: a|b"), null, run.latency(), run.lag(), CpuUsage.unavailable(), null);

        StringBuilder out = new StringBuilder();
        MarkdownReport.renderRunTable(out, List.of(failing));

        assertThat(out.toString()).contains("| – | – / – / – / – / – | not within the deadline |");
        assertThat(out.toString()).contains("- single: 30 transfers answered 503 overloaded; 2 transfers failed otherwise,"
                + " first: HTTP 500: a\\|b; 5 lag samples skipped, every probe busy\n");
    }

    @Test
    void rendersTheRebuildWithBothRatesItsCpuAndTheTrialBalanceVerdict() {
        StringBuilder matching = new StringBuilder();
        MarkdownReport.renderRebuild(matching, ReportFixtures.rebuild(60_000, true));
        StringBuilder differing = new StringBuilder();
        MarkdownReport.renderRebuild(differing, ReportFixtures.rebuild(60_000, false));

        assertThat(matching.toString()).contains(
                "| 300,000 | 299,000 | 1,000 | 8.0 s | 60,000/s in 5.0 s | 23,077/s in 13 s | 96 % (+1 % iowait)"
                        + " | 0.02 / 0.90 / 0.25 / 0.30 / 0.01 | 39.0 ms |\n");
        assertThat(matching.toString()).contains("The rebuilt trial balance is the live one: `[{");
        assertThat(differing.toString()).contains("DIFFERS from the live one");
    }

    @Test
    void rendersTheScaleWorkloadsPhasesHeapAndRestart() {
        StringBuilder out = new StringBuilder();
        MarkdownReport.renderScale(out, ReportFixtures.scale(1_000_000, 10_000_000, 8.2, 31.0));
        String markdown = out.toString();

        assertThat(markdown).startsWith("## Scale workload\n\n1,000,000 accounts");
        assertThat(markdown).contains("| Transfers | 10,000,000 | 2222 s | 4,500 transfers/s |");
        assertThat(markdown).contains("| 700 MiB | 1,024 MiB | 200 MiB | 1,200 | 9.5 s | 48.0 ms |");
        assertThat(markdown).contains("- From the new process's start to the first command answered (a transfer between two"
                + " payers): 8.2 s; that command itself took 35.0 ms.");
        assertThat(markdown).contains("- First command on the hot merchant (1,000,001 events): 12.0 ms; the next ones:"
                + " [3.00, 2.50, 2.00, 2.20, 2.10] ms.");
        assertThat(markdown).contains("Disk after the load: ledger-service's database 48.0 GiB, query-service's 30.0 GiB,"
                + " Kafka 3.0 GiB");
        assertThat(markdown).doesNotContain("stopped early");
    }

    @Test
    void aScaleReportShowsTheScaleWorkloadAndTheRebuildButNoThroughputSections() {
        BenchmarkReport throughput = ReportFixtures.report(List.of(closed("uniform", "single", 9_000, 40, 800)), null);
        ScaleResult scale = ReportFixtures.scale(200_000, 2_000_000, 7.5, 20.0);
        BenchmarkReport report = new BenchmarkReport(throughput.startedAt(), 1800.0, "micro-ledger-bench --scale", throughput.machine(),
                throughput.setup(), List.of(), List.of(), null, "the scale workload runs alone (--scale)",
                ReportFixtures.rebuild(20_000, true), scale, List.of(), Verdicts.scaleTargets(scale), List.of());

        String markdown = MarkdownReport.render(report);

        assertThat(markdown).contains("The scale workload alone (`--scale`).", "## Targets", "## Scale workload",
                "## Rebuild of the projections from the topic", "## Machine");
        assertThat(markdown).doesNotContain("## Workloads", "## Baseline", "## Raw append limits", "## Ratios", "Each run:");
        assertThat(markdown.indexOf("## Scale workload")).isLessThan(markdown.indexOf("## Rebuild"));
    }
}
