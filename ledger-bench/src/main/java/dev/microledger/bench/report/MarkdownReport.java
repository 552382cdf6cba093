package dev.microledger.bench.report;

import static dev.microledger.bench.report.Verdicts.millis;
import static dev.microledger.bench.report.Verdicts.number;
import static dev.microledger.bench.report.Verdicts.rate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link BenchmarkReport} as report.md: a table per workload, the raw limits, the ratios and the targets. */
public final class MarkdownReport {

    /** The process columns, in this order; a process that was not measured shows as "–". */
    static final List<String> PROCESSES = List.of("ledger-service", "query-service", "kafka", "postgres", "bench");

    private static final String NONE = "–";
    private static final double BYTES_PER_GIBIBYTE = 1024.0 * 1024 * 1024;

    private MarkdownReport() {
    }

    public static String render(BenchmarkReport report) {
        StringBuilder out = new StringBuilder(8192);
        Setup setup = report.setup();
        out.append("# micro-ledger benchmark\n\n");
        out.append("Started ").append(report.startedAt()).append(", took ").append(seconds(report.totalSeconds()))
                .append(". Database: ").append(setup.database()).append(". System: ").append(setup.system()).append(".\n\n");
        if (report.scale() != null) {
            renderScaleReport(out, report);
            return out.toString();
        }
        out.append("Each run: ").append(setup.warmupSeconds()).append(" s warm-up, then ").append(setup.durationSeconds())
                .append(" s measured. Closed loop: ").append(setup.clients()).append(" clients on the single endpoint, ")
                .append(setup.batchClients()).append(" on the batch endpoint.");
        if (setup.openLoopRatePerSecond() > 0) {
            out.append(" Open loop: ").append(rate(setup.openLoopRatePerSecond())).append(" transfers/s offered on the single endpoint.");
        } else if (setup.openLoopRatePerSecond() < 0) {
            out.append(" Open loop: half the workload's closed-loop single-endpoint rate offered on the single endpoint.");
        }
        out.append("\n\n```\n").append(report.commandLine()).append("\n```\n\n");

        renderTargets(out, report.targets());
        renderWorkloads(out, report);
        renderBaseline(out, report);
        renderRebuild(out, report.rebuild());
        renderScale(out, report.scale());
        renderRawLimits(out, report.rawLimits());
        renderRatios(out, report.ratios());
        renderMachine(out, report.machine());
        renderNotes(out, report);
        return out.toString();
    }

    /** The scale workload runs alone: no throughput runs, baseline, raw limits or ratios to show. */
    private static void renderScaleReport(StringBuilder out, BenchmarkReport report) {
        out.append("The scale workload alone (`--scale`).\n\n```\n").append(report.commandLine()).append("\n```\n\n");
        renderTargets(out, report.targets());
        renderScale(out, report.scale());
        renderRebuild(out, report.rebuild());
        renderMachine(out, report.machine());
        renderNotes(out, report);
    }

    private static void renderTargets(StringBuilder out, List<TargetCheck> targets) {
        out.append("## Targets\n\nReported against, not asserted.\n\n");
        out.append("| Target | Goal | Measured | Met |\n|---|---|---|---|\n");
        for (TargetCheck target : targets) {
            String met = target.met() == null ? NONE : (target.met() ? "yes" : "no");
            out.append("| ").append(cell(target.target())).append(" | ").append(cell(target.goal())).append(" | ")
                    .append(cell(target.measured())).append(" | ").append(met).append(" |\n");
        }
        out.append('\n');
    }

    private static void renderWorkloads(StringBuilder out, BenchmarkReport report) {
        out.append("## Workloads\n\n");
        out.append("Rates are per second of the measured window. Latency is per request (a batch request is one request)."
                + " Lag: from the ledger's answer until query-service shows the credit account at that version, sampled."
                + " CPU: the machine's busy share of all cores, and cores used by each process.\n\n");
        for (Setup.WorkloadSetup workload : report.setup().workloads()) {
            out.append("### ").append(workload.name()).append("\n\n");
            out.append(capitalize(workload.description())).append(". ")
                    .append(workload.payees() == 0 ? count(workload.payers(), "user")
                            : count(workload.payers(), "payer") + ", " + count(workload.payees(), "payee"))
                    .append("; accounts set up in ").append(seconds(workload.seedingSeconds())).append(".\n\n");
            List<RunResult> runs = report.runs().stream().filter(run -> run.workload().equals(workload.name())).toList();
            if (runs.isEmpty()) {
                out.append("No runs.\n\n");
                continue;
            }
            renderRunTable(out, runs);
        }
    }

    private static void renderBaseline(StringBuilder out, BenchmarkReport report) {
        out.append("## Baseline: one command, one unit of work, one transaction per transfer\n\n");
        if (report.baseline() == null) {
            out.append("Not run: ").append(report.baselineSkippedReason()).append(".\n\n");
            return;
        }
        out.append("A fresh system with `--ledger.group-commit.enabled=false`.\n\n");
        renderRunTable(out, List.of(report.baseline()));
    }

    static void renderRebuild(StringBuilder out, RebuildResult rebuild) {
        if (rebuild == null) {
            return;
        }
        out.append("## Rebuild of the projections from the topic\n\n");
        if (!rebuild.measured()) {
            out.append("Not measured: ").append(rebuild.failure()).append(".\n\n");
            return;
        }
        out.append("After the workloads, the running query-service rebuilt its projections from the whole topic into new"
                + " tables (`POST /admin/projections/rebuild`) and switched over to them; timed until the new tables were"
                + " live, having handled (projected or skipped) every record the topic held.\n\n");
        out.append("| Records in the topic | Projected | Skipped | From the request until the first event | Rate from the first event"
                + " | From the request | CPU busy | Cores ledger / query / kafka / postgres / bench | query-service CPU per 1,000 records |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append("| ").append(rate(rebuild.topicRecords()))
                .append(" | ").append(rate(rebuild.projected()))
                .append(" | ").append(rate(rebuild.skipped()))
                .append(" | ").append(seconds(rebuild.startupSeconds()))
                .append(" | ").append(perSecond(rebuild.recordsPerSecondFromFirstEvent())).append(" in ")
                .append(seconds(rebuild.secondsFromFirstEvent()))
                .append(" | ").append(perSecond(rebuild.recordsPerSecondFromStart())).append(" in ")
                .append(seconds(rebuild.secondsFromStart()))
                .append(" | ").append(busy(rebuild.cpu()))
                .append(" | ").append(cores(rebuild.cpu()))
                .append(" | ").append(cpuMillis(rebuild.queryCpuMillisPerThousandRecords()))
                .append(" |\n\n");
        out.append("CPU is from the request until the switch. CPU per 1,000 records is what the rebuild costs whatever else"
                + " the machine was doing; the rates also depend on that.\n\n");
        out.append(rebuild.trialBalanceMatches() ? "The rebuilt trial balance is the live one: " : "The rebuilt trial balance ")
                .append(rebuild.trialBalanceMatches() ? "`" + rebuild.rebuiltTrialBalance() + "`."
                        : "`" + rebuild.rebuiltTrialBalance() + "` DIFFERS from the live one `" + rebuild.liveTrialBalance() + "`.")
                .append("\n\n");
    }

    static void renderScale(StringBuilder out, ScaleResult scale) {
        if (scale == null) {
            return;
        }
        out.append("## Scale workload\n\n");
        out.append(rate(scale.accounts())).append(" accounts (one SYSTEM funding account, one hot MERCHANT, the rest USER payers),"
                + " opened one `PUT /accounts/{id}` each by ").append(scale.openClients())
                .append(" clients; every payer funded through the batch endpoint; then ").append(rate(scale.transfers()))
                .append(" transfers through the batch endpoint, 1,000 a request from ").append(scale.batchClients())
                .append(" clients, one in ten (")
                .append(rate(scale.hotAccountTransfers())).append(") to the hot merchant `").append(scale.hotAccountId())
                .append("`, the others from payer to payer. ledger-service runs with `-Xmx1g`.\n\n");
        if (!scale.completed()) {
            out.append("**The workload stopped early:** ").append(scale.failure()).append("\n\n");
        }
        out.append("| Phase | Count | Time | Rate |\n|---|---:|---:|---:|\n");
        out.append("| Open accounts | ").append(rate(scale.accounts())).append(" | ").append(seconds(scale.openSeconds()))
                .append(" | ").append(rate(scale.accountsOpenedPerSecond())).append(" accounts/s |\n");
        out.append("| Fund payers | ").append(rate(scale.accounts() - 2L)).append(" | ").append(seconds(scale.fundingSeconds()))
                .append(" | ").append(rate(scale.fundingTransfersPerSecond())).append(" transfers/s |\n");
        out.append("| Transfers | ").append(rate(scale.transfersPosted() + scale.transfersRejected())).append(" | ")
                .append(seconds(scale.transferSeconds())).append(" | ").append(rate(scale.transfersPerSecond()))
                .append(" transfers/s |\n\n");
        out.append("Posted ").append(rate(scale.transfersPosted())).append(", rejected ").append(rate(scale.transfersRejected()))
                .append(", requests sent again after a 503 or a lost connection ").append(rate(scale.requestsRetried()))
                .append(". query-service showed the hot merchant's last version ")
                .append(scale.projectionCaughtUpSeconds() == null ? "NOT within the deadline"
                        : seconds(scale.projectionCaughtUpSeconds()) + " after the last transfer")
                .append(".\n\n");
        out.append("ledger-service's heap, sampled once a second during the load (").append(scale.heapSamples())
                .append(" samples):\n\n");
        out.append("| Heap used, most | Heap max | Live data after a full collection, most | GC pauses | Pause time, total"
                + " | Longest pause |\n|---:|---:|---:|---:|---:|---:|\n");
        out.append("| ").append(mebibytes(scale.heapUsedMaxBytes())).append(" | ").append(mebibytes(scale.heapMaxBytes()))
                .append(" | ").append(scale.liveDataMaxBytes() == null ? "no full collection" : mebibytes(scale.liveDataMaxBytes()))
                .append(" | ").append(rate(scale.gcPauses())).append(" | ").append(seconds(scale.gcPauseTotalSeconds()))
                .append(" | ").append(millis(scale.gcPauseMaxMillis())).append(" ms |\n\n");
        out.append("Disk after the load: ledger-service's database ").append(gibibytes(scale.ledgerDatabaseBytes()))
                .append(", query-service's ").append(gibibytes(scale.queryDatabaseBytes())).append(", Kafka ")
                .append(gibibytes(scale.kafkaBytes())).append(" (file sizes: Kafka sizes its index files at 10 MiB for"
                        + " every partition up front, its consumer offsets' 50 included, so most of its figure is room"
                        + " not yet written).\n\n");
        out.append("Restart: SIGTERM, then a new ledger-service process on the same data, its account cache empty.\n\n");
        out.append("- Stopping took ").append(seconds(scale.stopSeconds())).append(".\n");
        out.append("- From the new process's start to the first command answered (a transfer between two payers): ")
                .append(scale.restartToFirstCommandSeconds() == null ? NONE : seconds(scale.restartToFirstCommandSeconds()))
                .append("; that command itself took ").append(optionalMillis(scale.firstCommandMillis())).append(" ms.\n");
        out.append("- First command on the hot merchant (").append(rate(scale.hotAccountEvents())).append(" events): ")
                .append(optionalMillis(scale.hotFirstCommandMillis())).append(" ms; the next ones: ")
                .append(scale.hotNextCommandsMillis().stream().map(Verdicts::millis).toList()).append(" ms.\n");
        out.append("- First command on the funding account (").append(rate(scale.fundingAccountEvents())).append(" events): ")
                .append(optionalMillis(scale.fundingFirstCommandMillis())).append(" ms.\n");
        out.append("- Events the restarted ledger-service published: ")
                .append(scale.eventsPublishedAfterRestart() == null ? NONE : rate(scale.eventsPublishedAfterRestart()))
                .append(scale.eventStoreEvents() == null ? "" : " (the event store holds " + rate(scale.eventStoreEvents()) + ")")
                .append("; latest snapshot of the hot merchant at sequence ").append(optionalCount(scale.hotSnapshotSequence()))
                .append(", of the funding account at ").append(optionalCount(scale.fundingSnapshotSequence())).append(".\n\n");
    }

    private static String gibibytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String mebibytes(double bytes) {
        return rate(bytes / (1024.0 * 1024)) + " MiB";
    }

    private static String optionalMillis(Double value) {
        return value == null ? NONE : millis(value);
    }

    private static String optionalCount(Long value) {
        return value == null ? "none" : rate(value);
    }

    private static String perSecond(Double value) {
        return value == null ? NONE : rate(value) + "/s";
    }

    static void renderRunTable(StringBuilder out, List<RunResult> runs) {
        out.append("| Endpoint | Load | Accepted/s | Rejected/s | Latency p50 / p99 / p99.9 ms | Lag p50 / p99 ms (samples)"
                + " | CPU busy | Cores ledger / query / kafka / postgres / bench | Caught up after |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult run : runs) {
            out.append("| ").append(run.endpoint())
                    .append(" | ").append(cell(run.load()))
                    .append(" | ").append(rate(run.acceptedPerSecond()))
                    .append(" | ").append(rate(run.rejectedPerSecond()))
                    .append(" | ").append(latency(run.latency()))
                    .append(" | ").append(lag(run.lag()))
                    .append(" | ").append(busy(run.cpu()))
                    .append(" | ").append(cores(run.cpu()))
                    .append(" | ").append(run.catchUpSeconds() == null ? "not within the deadline" : seconds(run.catchUpSeconds()))
                    .append(" |\n");
        }
        out.append('\n');
        for (RunResult run : runs) {
            String remarks = remarks(run);
            if (!remarks.isEmpty()) {
                out.append("- ").append(run.endpoint()).append(run.isOpenLoop() ? " open loop" : "").append(": ")
                        .append(remarks).append('\n');
            }
        }
        if (runs.stream().anyMatch(run -> !remarks(run).isEmpty())) {
            out.append('\n');
        }
    }

    private static void renderRawLimits(StringBuilder out, List<RawLimit> limits) {
        out.append("## Raw append limits of this machine\n\n");
        out.append("| Limit | Rate | How |\n|---|---:|---|\n");
        for (RawLimit limit : limits) {
            String rateText = limit.measured() ? rate(limit.ratePerSecond()) + " " + limit.unit() + "/s" : "not measured";
            String how = limit.measured() ? limit.detail() : limit.skippedReason();
            out.append("| ").append(cell(limit.name())).append(" | ").append(rateText).append(" | ").append(cell(how)).append(" |\n");
        }
        out.append('\n');
    }

    private static void renderRatios(StringBuilder out, List<Ratio> ratios) {
        out.append("## Ratios\n\n");
        out.append("| Ratio | Value | From |\n|---|---:|---|\n");
        for (Ratio ratio : ratios) {
            String value = ratio.value() == null ? NONE
                    : ratio.name().endsWith("baseline") ? number(ratio.value()) + "x" : percent(ratio.value() * 100);
            out.append("| ").append(cell(ratio.name())).append(" | ").append(value).append(" | ").append(cell(ratio.detail()))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static void renderMachine(StringBuilder out, MachineFacts machine) {
        out.append("## Machine\n\n");
        out.append("- Cores: ").append(machine.cores()).append(" (").append(machine.cpuModel()).append(")\n");
        out.append("- Memory: ").append(machine.memoryBytes() == 0 ? "unknown"
                : String.format(Locale.ROOT, "%.1f GiB", machine.memoryBytes() / BYTES_PER_GIBIBYTE)).append('\n');
        out.append("- JVM: ").append(machine.jvm()).append('\n');
        out.append("- OS: ").append(machine.os()).append('\n');
        out.append("- Load average at the start (1, 5, 15 min): ").append(machine.loadAverage())
                .append("; the cores are shared with whatever else runs, so compare runs made on a quiet machine\n\n");
    }

    private static void renderNotes(StringBuilder out, BenchmarkReport report) {
        if (report.notes().isEmpty()) {
            return;
        }
        out.append("## Notes\n\n");
        for (String note : report.notes()) {
            out.append("- ").append(note).append('\n');
        }
        out.append('\n');
    }

    private static String remarks(RunResult run) {
        StringBuilder remarks = new StringBuilder();
        if (run.rejected() > 0) {
            remarks.append(rate(run.rejected())).append(" rejected ").append(new TreeMap<>(run.rejectedByCode())).append("; ");
        }
        if (run.overloaded() > 0) {
            remarks.append(rate(run.overloaded())).append(" transfers answered 503 overloaded; ");
        }
        if (run.errors() > 0) {
            remarks.append(rate(run.errors())).append(" transfers failed otherwise, first: ")
                    .append(String.join(" / ", run.errorSamples())).append("; ");
        }
        if (run.sendsMissed() != null && run.sendsMissed() > 0) {
            remarks.append(rate(run.sendsMissed())).append(" sends of the offered rate could not go out (too many in flight); ");
        }
        if (run.lag().timeouts() > 0) {
            remarks.append(rate(run.lag().timeouts())).append(" lag samples not visible within 10 s; ");
        }
        if (run.lag().skipped() > 0) {
            remarks.append(rate(run.lag().skipped())).append(" lag samples skipped, every probe busy; ");
        }
        return remarks.length() == 0 ? "" : cell(remarks.substring(0, remarks.length() - 2));
    }

    private static String latency(LatencySummary latency) {
        if (latency.count() == 0) {
            return NONE;
        }
        return millis(latency.p50Millis()) + " / " + millis(latency.p99Millis()) + " / " + millis(latency.p999Millis());
    }

    private static String lag(LagSummary lag) {
        if (lag.samples() == 0) {
            return NONE;
        }
        return millis(lag.p50Millis()) + " / " + millis(lag.p99Millis()) + " (" + rate(lag.samples()) + ")";
    }

    private static String cpuMillis(Double millis) {
        return millis == null ? NONE : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String busy(CpuUsage cpu) {
        if (cpu.machineBusyPercent() == null) {
            return NONE;
        }
        String busy = percent(cpu.machineBusyPercent());
        if (cpu.iowaitPercent() != null && cpu.iowaitPercent() >= 0.5) {
            busy += " (+" + percent(cpu.iowaitPercent()) + " iowait)";
        }
        return busy;
    }

    private static String cores(CpuUsage cpu) {
        Map<String, Double> cores = cpu.processCores();
        StringBuilder text = new StringBuilder();
        for (String process : PROCESSES) {
            if (text.length() > 0) {
                text.append(" / ");
            }
            Double used = cores.get(process);
            text.append(used == null ? NONE : String.format(Locale.ROOT, "%.2f", used));
        }
        return text.toString();
    }

    private static String count(long value, String noun) {
        return rate(value) + " " + noun + (value == 1 ? "" : "s");
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f %%", value);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.1f s" : "%.0f s", value);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    // A pipe would end the table cell, and a line break the row.
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace('\n', ' ');
    }
}
