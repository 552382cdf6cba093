package dev.microledger.bench.report;

import java.util.List;

/**
 * Everything one benchmark run found; rendered as report.md and report.json.
 *
 * @param startedAt             when the run started, ISO-8601 UTC
 * @param totalSeconds          how long the whole run took
 * @param commandLine           the command as typed, to repeat it
 * @param machine               the machine
 * @param setup                 how it was set up
 * @param rawLimits             the raw JDBC and Kafka append limits
 * @param runs                  the runs with group commit on, in order
 * @param baseline              the one-command-per-transfer run, or null
 * @param baselineSkippedReason why there is no baseline, or null
 * @param rebuild               the rebuild of the projections from the topic, or null when the run stopped before it
 * @param scale                 the scale workload, or null when it was not run (it runs only with --scale)
 * @param ratios                the comparisons
 * @param targets               the targets against the numbers
 * @param notes                 anything else a reader should know
 */
public record BenchmarkReport(
        String startedAt,
        double totalSeconds,
        String commandLine,
        MachineFacts machine,
        Setup setup,
        List<RawLimit> rawLimits,
        List<RunResult> runs,
        RunResult baseline,
        String baselineSkippedReason,
        RebuildResult rebuild,
        ScaleResult scale,
        List<Ratio> ratios,
        List<TargetCheck> targets,
        List<String> notes) {

    public BenchmarkReport {
        rawLimits = List.copyOf(rawLimits);
        runs = List.copyOf(runs);
        ratios = List.copyOf(ratios);
        targets = List.copyOf(targets);
        notes = List.copyOf(notes);
    }
}
