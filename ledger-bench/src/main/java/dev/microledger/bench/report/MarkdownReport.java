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
    static final List<String> PROCESSES = List.of("ledger-service", "query-service", "kafka", "bench");

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
        renderRawLimits(out, report.rawLimits());
        renderRatios(out, report.ratios());
        renderMachine(out, report.machine());
        renderNotes(out, report);
        return out.toString();
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

    static void renderRunTable(StringBuilder out, List<RunResult> runs) {
        out.append("| Endpoint | Load | Accepted/s | Rejected/s | Latency p50 / p99 / p99.9 ms | Lag p50 / p99 ms (samples)"
                + " | CPU busy | Cores ledger / query / kafka / bench | Caught up after |\n");
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
