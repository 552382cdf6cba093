package dev.microledger.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ratios and the target checks, computed from the measured numbers alone, so that they can be
 * tested with numbers in and verdicts out.
 */
public final class Verdicts {

    static final double UNIFORM_BATCH_TARGET_PER_SECOND = 20_000;
    static final double HOT_PAYEE_BATCH_TARGET_PER_SECOND = 10_000;
    static final double SINGLE_TARGET_PER_SECOND = 8_000;
    static final double SINGLE_P99_TARGET_MILLIS = 50;
    static final int SINGLE_TARGET_CLIENTS = 64;
    static final double POSTGRES_BATCH_TARGET_PER_SECOND = 10_000;
    static final double BATCHED_OVER_BASELINE_TARGET = 5;
    static final double LAG_P99_TARGET_MILLIS = 1000;
    static final double REBUILD_TARGET_PER_SECOND = 50_000;
    static final int SCALE_TARGET_ACCOUNTS = 1_000_000;
    static final long SCALE_TARGET_TRANSFERS = 10_000_000;
    static final double RESTART_TARGET_SECONDS = 10;
    static final long HOT_ACCOUNT_TARGET_EVENTS = 1_000_000;
    static final double HOT_ACCOUNT_TARGET_MILLIS = 50;
    /**
     * After a restart the publisher sends only what its tokens had not covered (at most a batch per
     * segment) and the new commands' events; a replay of the event store would send all of it.
     */
    static final double RESTART_PUBLISHED_EVENTS_MAX = 10_000;
    static final long LEDGER_SNAPSHOT_EVENTS = 1000;
    private static final double MEBIBYTE = 1024.0 * 1024;
    /** A run whose lag probes time out more often than this has a p99 beyond the probes' deadline. */
    static final double LAG_TIMEOUT_SHARE_MAX = 0.01;

    static final String UNIFORM = "uniform";
    static final String HOT_PAYEE = "hot-payee";
    static final String MIXED = "mixed";
    static final String FEES = "fees";
    static final String SINGLE = "single";

    private Verdicts() {
    }

    /**
     * Each closed-loop run's event rows/s against the raw JDBC insert rate, the batched modes
     * against the baseline, and the best run's event records/s against the raw Kafka produce rate.
     */
    public static List<Ratio> ratios(List<RunResult> runs, RunResult baseline, RawLimit rawJdbc, RawLimit rawKafka) {
        List<Ratio> ratios = new ArrayList<>();
        List<RunResult> closedRuns = new ArrayList<>(runs.stream().filter(run -> !run.isOpenLoop()).toList());
        if (baseline != null) {
            closedRuns.add(baseline);
        }
        for (RunResult run : closedRuns) {
            String name = describe(run, run == baseline) + ": event rows/s ÷ raw JDBC rows/s";
            ratios.add(divide(name, run.eventRowsPerSecond(), "event rows/s", rawJdbc, "raw JDBC rows/s"));
        }
        Optional<RunResult> best = runs.stream().filter(run -> !run.isOpenLoop())
                .max(Comparator.comparingDouble(RunResult::acceptedPerSecond));
        best.ifPresent(run -> ratios.add(divide(describe(run, false) + " (the fastest run): event records/s ÷ raw Kafka records/s",
                run.eventRowsPerSecond(), "event records/s", rawKafka, "raw Kafka records/s")));
        for (RunResult run : uniformClosedRuns(runs)) {
            String name = (run.endpoint().equals(SINGLE) ? "batched (group commit), " : "batch endpoint, ")
                    + describe(run, false) + " ÷ baseline";
            ratios.add(overBaseline(name, run, baseline));
        }
        for (RunResult other : runs.stream().filter(run -> !run.isOpenLoop()
                && (run.workload().equals(MIXED) || run.workload().equals(FEES))).toList()) {
            ratios.add(overUniform(other, uniformClosedRuns(runs).stream()
                    .filter(run -> run.endpoint().equals(other.endpoint())).findFirst().orElse(null)));
        }
        return ratios;
    }

    /**
     * What the ledger's extra work costs against uniform on the same endpoint: holds, limits, fees and
     * declines (mixed), or a fee leg to one shared revenue account on every payment (fees).
     */
    private static Ratio overUniform(RunResult other, RunResult uniform) {
        String name = (other.workload().equals(MIXED) ? "holds, limits and fees in the mix, " : "a fee on every payment, ")
                + other.endpoint() + ": " + other.workload() + " ÷ uniform transfers/s";
        if (uniform == null) {
            return new Ratio(name, null, "uniform was not run on " + other.endpoint());
        }
        if (uniform.acceptedPerSecond() <= 0) {
            return new Ratio(name, null, "uniform accepted nothing");
        }
        // Declined transfers are answered work too, so both sides count what was accepted or declined.
        double handled = other.acceptedPerSecond() + other.rejectedPerSecond();
        return new Ratio(name, handled / uniform.acceptedPerSecond(), rate(other.acceptedPerSecond()) + " accepted + "
                + rate(other.rejectedPerSecond()) + " declined ÷ " + rate(uniform.acceptedPerSecond()) + " transfers/s");
    }

    /**
     * The targets. The embedded default's throughput targets are checked only on a
     * system the benchmark started on its embedded PostgreSQL; the PostgreSQL one on every run
     * whose PostgreSQL is known, the embedded one included, and not counted when synchronous_commit
     * was seen to be anything but on.
     */
    public static List<TargetCheck> targets(Setup setup, List<RunResult> runs, RunResult baseline) {
        boolean embeddedDefault = setup.startedByBenchmark() && !setup.externalPostgres();
        String embeddedReason = embeddedDefault ? null
                : "not measured: the target is for the embedded default (started by the benchmark on its embedded PostgreSQL)";
        List<TargetCheck> targets = new ArrayList<>();
        targets.add(batchTarget("Batch endpoint, uniform, embedded default", UNIFORM_BATCH_TARGET_PER_SECOND, UNIFORM,
                runs, embeddedReason));
        targets.add(batchTarget("Batch endpoint, hot-payee, embedded default", HOT_PAYEE_BATCH_TARGET_PER_SECOND, HOT_PAYEE,
                runs, embeddedReason));
        targets.add(singleTarget(setup, runs));
        boolean postgresKnown = setup.startedByBenchmark() || setup.externalPostgres();
        String postgresReason = postgresKnown ? null
                : "not measured: the database of services given by URL is unknown (give --postgres-url)";
        TargetCheck postgres = batchTarget("PostgreSQL, synchronous commit, batch endpoint, uniform",
                POSTGRES_BATCH_TARGET_PER_SECOND, UNIFORM, runs, postgresReason);
        if (postgresKnown && setup.synchronousCommit() != null && !setup.synchronousCommit().equals("on")) {
            postgres = new TargetCheck(postgres.target(), postgres.goal(),
                    postgres.measured() + "; but synchronous_commit was " + setup.synchronousCommit(), null);
        }
        targets.add(postgres);
        targets.add(baselineTarget(runs, baseline));
        targets.add(lagTarget(runs));
        return targets;
    }

    /**
     * The rebuild's rate from its first projected event, which is the projection's own speed; the
     * rate from the request also holds creating the new tables, which does not grow with the topic.
     * A rebuild whose trial balance differs from the live one fails the target whatever its speed.
     */
    public static TargetCheck rebuildTarget(RebuildResult rebuild) {
        String target = "query-service rebuilds its projections from the topic (into new tables, then switches to them)";
        String goal = "≥ " + rate(REBUILD_TARGET_PER_SECOND) + " events/s";
        if (rebuild == null || !rebuild.measured()) {
            return new TargetCheck(target, goal, rebuild == null ? "not measured: the run stopped before it"
                    : "not measured: " + rebuild.failure(), null);
        }
        if (rebuild.recordsPerSecondFromFirstEvent() == null) {
            return new TargetCheck(target, goal, "not measured: the topic's " + rate(rebuild.topicRecords())
                    + " records were handled before a second sample", null);
        }
        double perSecond = rebuild.recordsPerSecondFromFirstEvent();
        String measured = rate(perSecond) + " events/s from the first projected event (" + rate(rebuild.topicRecords())
                + " records; " + rate(rebuild.recordsPerSecondFromStart() == null ? 0 : rebuild.recordsPerSecondFromStart())
                + "/s from the request)";
        if (!rebuild.trialBalanceMatches()) {
            return new TargetCheck(target, goal, measured + "; but the rebuilt trial balance differs from the live one", false);
        }
        return new TargetCheck(target, goal, measured, perSecond >= REBUILD_TARGET_PER_SECOND);
    }

    /** The scale workload's targets: bounded heap at full size, a quick restart, and fast loading of a long account. */
    public static List<TargetCheck> scaleTargets(ScaleResult scale) {
        List<TargetCheck> targets = new ArrayList<>();
        targets.add(heapTarget(scale));
        targets.add(restartTarget(scale));
        targets.add(longAccountTarget(scale));
        targets.add(noReplayTarget(scale));
        return targets;
    }

    private static TargetCheck heapTarget(ScaleResult scale) {
        String target = "Memory bounded: " + rate(SCALE_TARGET_ACCOUNTS) + " accounts and " + rate(SCALE_TARGET_TRANSFERS)
                + " transfers in ledger-service's fixed heap";
        String goal = "runs through within -Xmx1g";
        String size = rate(scale.accounts()) + " accounts, " + rate(scale.transfersPosted() + scale.transfersRejected())
                + " transfers";
        String measured = size + "; heap used at most " + rate(scale.heapUsedMaxBytes() / MEBIBYTE) + " MiB of "
                + rate(scale.heapMaxBytes() / MEBIBYTE) + " MiB"
                + (scale.liveDataMaxBytes() == null ? "" : ", live data after a full collection at most "
                        + rate(scale.liveDataMaxBytes() / MEBIBYTE) + " MiB");
        if (!scale.completed()) {
            return new TargetCheck(target, goal, measured + "; but the workload stopped: " + scale.failure(), false);
        }
        if (scale.accounts() < SCALE_TARGET_ACCOUNTS || scale.transfers() < SCALE_TARGET_TRANSFERS) {
            return new TargetCheck(target, goal, measured + "; smaller than the target's size, so not counted", null);
        }
        return new TargetCheck(target, goal, measured, scale.heapMaxBytes() > 0 && scale.heapUsedMaxBytes() <= scale.heapMaxBytes());
    }

    private static TargetCheck restartTarget(ScaleResult scale) {
        String target = "Restart on the same data serves its first command";
        String goal = "< " + number(RESTART_TARGET_SECONDS) + " s from process start";
        if (scale.restartToFirstCommandSeconds() == null) {
            return new TargetCheck(target, goal, "not measured" + (scale.failure() == null ? "" : ": " + scale.failure()), null);
        }
        return new TargetCheck(target, goal, number(scale.restartToFirstCommandSeconds()) + " s",
                scale.restartToFirstCommandSeconds() < RESTART_TARGET_SECONDS);
    }

    private static TargetCheck longAccountTarget(ScaleResult scale) {
        String target = "An account with " + rate(HOT_ACCOUNT_TARGET_EVENTS) + " events loads (snapshots)";
        String goal = "< " + number(HOT_ACCOUNT_TARGET_MILLIS) + " ms (first command on it after a restart, an upper bound)";
        if (scale.hotFirstCommandMillis() == null || scale.fundingFirstCommandMillis() == null) {
            return new TargetCheck(target, goal, "not measured" + (scale.failure() == null ? "" : ": " + scale.failure()), null);
        }
        boolean fundingLonger = scale.fundingAccountEvents() >= scale.hotAccountEvents();
        long events = fundingLonger ? scale.fundingAccountEvents() : scale.hotAccountEvents();
        double millis = fundingLonger ? scale.fundingFirstCommandMillis() : scale.hotFirstCommandMillis();
        String measured = millis(millis) + " ms on the " + (fundingLonger ? "funding account" : "hot merchant") + " ("
                + rate(events) + " events); the other: "
                + millis(fundingLonger ? scale.hotFirstCommandMillis() : scale.fundingFirstCommandMillis()) + " ms ("
                + rate(fundingLonger ? scale.hotAccountEvents() : scale.fundingAccountEvents()) + " events)";
        if (events < HOT_ACCOUNT_TARGET_EVENTS) {
            return new TargetCheck(target, goal, measured + "; fewer events than the target's, so not counted", null);
        }
        return new TargetCheck(target, goal, measured, millis < HOT_ACCOUNT_TARGET_MILLIS);
    }

    private static TargetCheck noReplayTarget(ScaleResult scale) {
        String target = "Restart without replaying everything";
        String goal = "≤ " + rate(RESTART_PUBLISHED_EVENTS_MAX) + " events published after the restart; long accounts have snapshots";
        if (scale.eventsPublishedAfterRestart() == null) {
            return new TargetCheck(target, goal, "not measured" + (scale.failure() == null ? "" : ": " + scale.failure()), null);
        }
        String measured = rate(scale.eventsPublishedAfterRestart()) + " events published after the restart"
                + (scale.eventStoreEvents() == null ? "" : " of " + rate(scale.eventStoreEvents()) + " in the event store")
                + "; latest snapshot of the hot merchant at sequence " + snapshot(scale.hotSnapshotSequence())
                + ", of the funding account at " + snapshot(scale.fundingSnapshotSequence());
        boolean snapshotsThere = snapshotIfLong(scale.hotAccountEvents(), scale.hotSnapshotSequence())
                && snapshotIfLong(scale.fundingAccountEvents(), scale.fundingSnapshotSequence());
        return new TargetCheck(target, goal, measured,
                scale.eventsPublishedAfterRestart() <= RESTART_PUBLISHED_EVENTS_MAX && snapshotsThere);
    }

    /** ledger-service snapshots an account every 1,000 events (ledger.accounts.snapshot-events-max); twice that surely has one. */
    private static boolean snapshotIfLong(long events, Long snapshotSequence) {
        return events < 2 * LEDGER_SNAPSHOT_EVENTS || snapshotSequence != null;
    }

    private static String snapshot(Long sequence) {
        return sequence == null ? "none" : rate(sequence);
    }

    private static TargetCheck batchTarget(String target, double goalPerSecond, String workload, List<RunResult> runs,
            String notMeasuredReason) {
        String goal = "≥ " + rate(goalPerSecond) + " transfers/s";
        if (notMeasuredReason != null) {
            return new TargetCheck(target, goal, notMeasuredReason, null);
        }
        Optional<RunResult> best = runs.stream()
                .filter(run -> run.workload().equals(workload) && !run.isOpenLoop() && !run.endpoint().equals(SINGLE))
                .max(Comparator.comparingDouble(RunResult::acceptedPerSecond));
        if (best.isEmpty()) {
            return new TargetCheck(target, goal, "not measured: no batch-endpoint run of " + workload, null);
        }
        RunResult run = best.get();
        return new TargetCheck(target, goal, rate(run.acceptedPerSecond()) + " transfers/s (" + run.endpoint() + ")",
                run.acceptedPerSecond() >= goalPerSecond);
    }

    private static TargetCheck singleTarget(Setup setup, List<RunResult> runs) {
        String target = "Single endpoint, " + SINGLE_TARGET_CLIENTS + " clients, uniform";
        String goal = "≥ " + rate(SINGLE_TARGET_PER_SECOND) + " transfers/s with p99 ≤ " + number(SINGLE_P99_TARGET_MILLIS) + " ms";
        if (setup.clients() != SINGLE_TARGET_CLIENTS) {
            return new TargetCheck(target, goal, "not measured: this run used " + setup.clients() + " clients", null);
        }
        Optional<RunResult> single = uniformClosedRuns(runs).stream().filter(run -> run.endpoint().equals(SINGLE)).findFirst();
        if (single.isEmpty()) {
            return new TargetCheck(target, goal, "not measured: no closed-loop run of uniform on the single endpoint", null);
        }
        RunResult run = single.get();
        boolean met = run.acceptedPerSecond() >= SINGLE_TARGET_PER_SECOND && run.latency().p99Millis() <= SINGLE_P99_TARGET_MILLIS;
        return new TargetCheck(target, goal,
                rate(run.acceptedPerSecond()) + " transfers/s, p99 " + millis(run.latency().p99Millis()) + " ms", met);
    }

    private static TargetCheck baselineTarget(List<RunResult> runs, RunResult baseline) {
        String target = "Batched (group commit) over the one-command-per-transfer baseline, uniform, single endpoint";
        String goal = "≥ " + number(BATCHED_OVER_BASELINE_TARGET) + "x";
        Optional<RunResult> single = uniformClosedRuns(runs).stream().filter(run -> run.endpoint().equals(SINGLE)).findFirst();
        if (baseline == null || single.isEmpty()) {
            return new TargetCheck(target, goal, baseline == null ? "not measured: no baseline run"
                    : "not measured: no closed-loop run of uniform on the single endpoint", null);
        }
        if (baseline.acceptedPerSecond() <= 0) {
            return new TargetCheck(target, goal, "not measured: the baseline accepted nothing", null);
        }
        double ratio = single.get().acceptedPerSecond() / baseline.acceptedPerSecond();
        return new TargetCheck(target, goal, number(ratio) + "x (" + rate(single.get().acceptedPerSecond()) + " vs "
                + rate(baseline.acceptedPerSecond()) + " transfers/s)", ratio >= BATCHED_OVER_BASELINE_TARGET);
    }

    private static TargetCheck lagTarget(List<RunResult> runs) {
        String target = "Projection lag p99, worst run";
        String goal = "≤ " + rate(LAG_P99_TARGET_MILLIS) + " ms";
        List<RunResult> sampled = runs.stream().filter(run -> run.lag().samples() + run.lag().timeouts() > 0).toList();
        if (sampled.isEmpty()) {
            return new TargetCheck(target, goal, "not measured: no lag samples", null);
        }
        RunResult worst = sampled.stream().max(Comparator.comparingDouble(run -> run.lag().p99Millis())).get();
        Optional<RunResult> timingOut = sampled.stream().filter(Verdicts::lagTimesOut).findFirst();
        String measured = millis(worst.lag().p99Millis()) + " ms (" + describe(worst, false) + ")";
        if (timingOut.isPresent()) {
            RunResult run = timingOut.get();
            return new TargetCheck(target, goal, measured + "; " + run.lag().timeouts() + " of "
                    + (run.lag().samples() + run.lag().timeouts()) + " samples of " + describe(run, false)
                    + " were not visible within 10 s", false);
        }
        return new TargetCheck(target, goal, measured, worst.lag().p99Millis() <= LAG_P99_TARGET_MILLIS);
    }

    private static boolean lagTimesOut(RunResult run) {
        long all = run.lag().samples() + run.lag().timeouts();
        return all > 0 && (double) run.lag().timeouts() / all > LAG_TIMEOUT_SHARE_MAX;
    }

    private static List<RunResult> uniformClosedRuns(List<RunResult> runs) {
        return runs.stream().filter(run -> run.workload().equals(UNIFORM) && !run.isOpenLoop()).toList();
    }

    private static Ratio overBaseline(String name, RunResult run, RunResult baseline) {
        if (baseline == null) {
            return new Ratio(name, null, "no baseline run");
        }
        if (baseline.acceptedPerSecond() <= 0) {
            return new Ratio(name, null, "the baseline accepted nothing");
        }
        return new Ratio(name, run.acceptedPerSecond() / baseline.acceptedPerSecond(),
                rate(run.acceptedPerSecond()) + " ÷ " + rate(baseline.acceptedPerSecond()) + " transfers/s");
    }

    private static Ratio divide(String name, double numerator, String numeratorUnit, RawLimit limit, String limitUnit) {
        if (limit == null || !limit.measured()) {
            return new Ratio(name, null, "raw limit not measured" + (limit == null ? "" : ": " + limit.skippedReason()));
        }
        if (limit.ratePerSecond() <= 0) {
            return new Ratio(name, null, "the raw limit measured nothing");
        }
        return new Ratio(name, numerator / limit.ratePerSecond(),
                rate(numerator) + " " + numeratorUnit + " ÷ " + rate(limit.ratePerSecond()) + " " + limitUnit);
    }

    static String describe(RunResult run, boolean baseline) {
        return (baseline ? "baseline " : "") + run.workload() + " " + run.endpoint() + (run.isOpenLoop() ? " open loop" : "");
    }

    /** A rate for people: no decimals, thousands separated by commas. */
    static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A plain number with at most two decimals. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }

    /** Milliseconds: two decimals below 10, one below 100, none above. */
    static String millis(double value) {
        if (value < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (value < 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
