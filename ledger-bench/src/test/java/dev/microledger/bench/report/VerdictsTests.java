package dev.microledger.bench.report;

import static dev.microledger.bench.report.ReportFixtures.closed;
import static dev.microledger.bench.report.ReportFixtures.embeddedSetup;
import static dev.microledger.bench.report.ReportFixtures.openLoop;
import static dev.microledger.bench.report.ReportFixtures.rawJdbc;
import static dev.microledger.bench.report.ReportFixtures.rawKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class VerdictsTests {

    private final List<RunResult> runs = List.of(
            closed("uniform", "single", 9_000, 40, 800),
            closed("uniform", "batch100", 15_000, 200, 600),
            closed("uniform", "batch1000", 21_000, 900, 700),
            openLoop("uniform", 2_000),
            closed("hot-payee", "batch1000", 9_000, 1500, 1_200));
    private final RunResult baseline = closed("uniform", "single", 1_500, 90, 300);

    @Test
    void targetsOfTheEmbeddedDefaultAreCheckedAgainstTheBestBatchRun() {
        List<TargetCheck> targets = Verdicts.targets(embeddedSetup(), runs, baseline);

        assertThat(targets).extracting(TargetCheck::measured).containsExactly(
                "21,000 transfers/s (batch1000)",
                "9,000 transfers/s (batch1000)",
                "9,000 transfers/s, p99 40.0 ms",
                "21,000 transfers/s (batch1000)",
                "6x (9,000 vs 1,500 transfers/s)",
                "1,200 ms (hot-payee batch1000)");
        assertThat(targets).extracting(TargetCheck::met).containsExactly(true, false, true, true, true, false);
        assertThat(targets.get(0).goal()).isEqualTo("≥ 20,000 transfers/s");
        assertThat(targets.get(2).goal()).isEqualTo("≥ 8,000 transfers/s with p99 ≤ 50 ms");
    }

    @Test
    void onAPostgresGivenByUrlTheEmbeddedTargetsAreNotMeasuredAndThePostgresOneIs() {
        Setup embedded = embeddedSetup();
        Setup postgres = new Setup("PostgreSQL at jdbc:postgresql://db:5432/bench (synchronous_commit=on)", embedded.system(),
                true, true, "on", 10, 2, 64, 4, 2000, embedded.workloads());

        List<TargetCheck> targets = Verdicts.targets(postgres, runs, baseline);

        assertThat(targets.get(0).met()).isNull();
        assertThat(targets.get(0).measured()).isEqualTo(
                "not measured: the target is for the embedded default (started by the benchmark on its embedded PostgreSQL)");
        assertThat(targets.get(3).measured()).isEqualTo("21,000 transfers/s (batch1000)");
        assertThat(targets.get(3).met()).isTrue();
    }

    @Test
    void servicesGivenByUrlAreNotTheEmbeddedDefaultAndTheirPostgresIsUnknown() {
        Setup embedded = embeddedSetup();
        Setup running = new Setup("whatever the running services use", "running services at http://h:1 and http://h:2", false,
                false, null, 10, 2, 64, 4, 2000, embedded.workloads());

        List<TargetCheck> targets = Verdicts.targets(running, runs, null);

        assertThat(targets.get(0).met()).isNull();
        assertThat(targets.get(1).met()).isNull();
        assertThat(targets.get(2).met()).isTrue();
        assertThat(targets.get(3).met()).isNull();
        assertThat(targets.get(3).measured()).isEqualTo(
                "not measured: the database of services given by URL is unknown (give --postgres-url)");
    }

    @Test
    void aPostgresWithoutSynchronousCommitDoesNotCountForThePostgresTarget() {
        Setup embedded = embeddedSetup();
        Setup postgres = new Setup("PostgreSQL at jdbc:postgresql://db:5432/bench (synchronous_commit=off)", embedded.system(),
                true, true, "off", 10, 2, 64, 4, 2000, embedded.workloads());

        TargetCheck target = Verdicts.targets(postgres, runs, baseline).get(3);

        assertThat(target.met()).isNull();
        assertThat(target.measured()).endsWith("but synchronous_commit was off");
    }

    @Test
    void withoutABaselineOrWithOtherClientCountsThoseTargetsAreNotMeasured() {
        Setup embedded = embeddedSetup();
        Setup sixteenClients = new Setup(embedded.database(), embedded.system(), true, false, "on", 10, 2, 16, 4, 2000,
                embedded.workloads());

        List<TargetCheck> targets = Verdicts.targets(sixteenClients, runs, null);

        assertThat(targets.get(2).measured()).isEqualTo("not measured: this run used 16 clients");
        assertThat(targets.get(4).measured()).isEqualTo("not measured: no baseline run");
        assertThat(targets.get(2).met()).isNull();
        assertThat(targets.get(4).met()).isNull();
    }

    @Test
    void lagSamplesThatTimeOutFailTheLagTarget() {
        RunResult run = closed("top-up", "single", 5_000, 30, 400);
        RunResult timingOut = new RunResult(run.workload(), run.endpoint(), run.load(), null, run.measuredSeconds(), run.requests(),
                run.accepted(), run.rejected(), run.rejectedByCode(), 0, 0, List.of(), null, run.latency(),
                new LagSummary(90, 100, 400, 900, 10, 0), run.cpu(), null);

        TargetCheck lag = Verdicts.targets(embeddedSetup(), List.of(timingOut), null).get(5);

        assertThat(lag.met()).isFalse();
        assertThat(lag.measured()).isEqualTo("400 ms (top-up single); 10 of 100 samples of top-up single were not visible within 10 s");
    }

    @Test
    void ratiosCompareEachClosedRunWithTheRawInsertAndTheBatchedModesWithTheBaseline() {
        List<Ratio> ratios = Verdicts.ratios(runs, baseline, rawJdbc(100_000), rawKafka(250_000));

        assertThat(ratios).extracting(Ratio::name).containsExactly(
                "uniform single: event rows/s ÷ raw JDBC rows/s",
                "uniform batch100: event rows/s ÷ raw JDBC rows/s",
                "uniform batch1000: event rows/s ÷ raw JDBC rows/s",
                "hot-payee batch1000: event rows/s ÷ raw JDBC rows/s",
                "baseline uniform single: event rows/s ÷ raw JDBC rows/s",
                "uniform batch1000 (the fastest run): event records/s ÷ raw Kafka records/s",
                "batched (group commit), uniform single ÷ baseline",
                "batch endpoint, uniform batch100 ÷ baseline",
                "batch endpoint, uniform batch1000 ÷ baseline");
        assertThat(ratios.get(0).value()).isCloseTo(0.18, within(1e-9));
        assertThat(ratios.get(0).detail()).isEqualTo("18,000 event rows/s ÷ 100,000 raw JDBC rows/s");
        assertThat(ratios.get(5).value()).isCloseTo(42_000 / 250_000.0, within(1e-9));
        assertThat(ratios.get(6).value()).isCloseTo(6.0, within(1e-9));
        assertThat(ratios.get(8).value()).isCloseTo(14.0, within(1e-9));
    }

    @Test
    void aPaymentWithAFeeCountsFourEventsAndOneWithoutTwo() {
        assertThat(closed("fees", "single", 1_000, 40, 800).eventRowsPerSecond()).isCloseTo(4_000, within(1e-9));
        assertThat(closed("uniform", "single", 1_000, 40, 800).eventRowsPerSecond()).isCloseTo(2_000, within(1e-9));
    }

    @Test
    void theFeesWorkloadIsComparedWithUniformOnTheSameEndpoint() {
        List<RunResult> measured = List.of(closed("uniform", "single", 5_000, 40, 800),
                closed("fees", "single", 4_000, 40, 800));

        List<Ratio> fees = Verdicts.ratios(measured, null, null, null).stream()
                .filter(ratio -> ratio.name().startsWith("a fee on every payment")).toList();

        assertThat(fees).extracting(Ratio::name).containsExactly("a fee on every payment, single: fees ÷ uniform transfers/s");
        assertThat(fees.get(0).value()).isCloseTo(4_002 / 5_000.0, within(1e-9));
    }

    @Test
    void theMixedWorkloadIsComparedWithUniformOnTheSameEndpointCountingItsDeclines() {
        List<RunResult> measured = List.of(closed("uniform", "batch1000", 5_000, 40, 800),
                closed("mixed", "batch1000", 4_000, 40, 800), closed("mixed", "single", 1_000, 40, 800));

        List<Ratio> mixed = Verdicts.ratios(measured, null, null, null).stream()
                .filter(ratio -> ratio.name().startsWith("holds, limits and fees")).toList();

        assertThat(mixed).extracting(Ratio::name).containsExactly(
                "holds, limits and fees in the mix, batch1000: mixed ÷ uniform transfers/s",
                "holds, limits and fees in the mix, single: mixed ÷ uniform transfers/s");
        // The fixture's runs decline 20 transfers in 10 s: 2 a second.
        assertThat(mixed.get(0).value()).isCloseTo(4_002 / 5_000.0, within(1e-9));
        assertThat(mixed.get(0).detail()).isEqualTo("4,000 accepted + 2 declined ÷ 5,000 transfers/s");
        assertThat(mixed.get(1).value()).isNull();
        assertThat(mixed.get(1).detail()).isEqualTo("uniform was not run on single");
    }

    @Test
    void ratiosWithoutTheirOtherSideSayWhy() {
        List<Ratio> ratios = Verdicts.ratios(List.of(closed("uniform", "single", 9_000, 40, 800)), null,
                RawLimit.skipped("Raw JDBC batch insert of event-sized rows", "rows", "skipped: no database"), null);

        assertThat(ratios).extracting(Ratio::value).containsOnlyNulls();
        assertThat(ratios).extracting(Ratio::detail).containsExactly(
                "raw limit not measured: skipped: no database", "raw limit not measured", "no baseline run");
    }

    @Test
    void rebuildTargetIsTheRateFromTheFirstEventAndFailsWhenTheTrialBalanceDiffers() {
        TargetCheck fast = Verdicts.rebuildTarget(ReportFixtures.rebuild(60_000, true));
        TargetCheck slow = Verdicts.rebuildTarget(ReportFixtures.rebuild(36_700, true));
        TargetCheck wrong = Verdicts.rebuildTarget(ReportFixtures.rebuild(60_000, false));

        assertThat(fast.goal()).isEqualTo("≥ 50,000 events/s");
        assertThat(fast.measured()).isEqualTo("60,000 events/s from the first projected event (300,000 records; 23,077/s from the request)");
        assertThat(fast.met()).isTrue();
        assertThat(slow.met()).isFalse();
        assertThat(wrong.met()).isFalse();
        assertThat(wrong.measured()).endsWith("but the rebuilt trial balance differs from the live one");
    }

    @Test
    void rebuildTargetIsNotMeasuredWithoutARebuildOrARate() {
        assertThat(Verdicts.rebuildTarget(null).met()).isNull();
        assertThat(Verdicts.rebuildTarget(RebuildResult.failed("it failed: no topic")).measured())
                .isEqualTo("not measured: it failed: no topic");
        RebuildResult instant = new RebuildResult(10, 10, 0, 5, 5, 0, 2.0, null, "[]", "[]", true, null, null);
        assertThat(Verdicts.rebuildTarget(instant).met()).isNull();
    }

    @Test
    void scaleTargetsAtFullSizeCheckHeapRestartLongAccountAndNoReplay() {
        List<TargetCheck> targets = Verdicts.scaleTargets(ReportFixtures.scale(1_000_000, 10_000_000, 8.2, 31.0));

        assertThat(targets).extracting(TargetCheck::met).containsExactly(true, true, true, true);
        assertThat(targets.get(0).measured()).isEqualTo("1,000,000 accounts, 10,000,000 transfers; heap used at most 700 MiB"
                + " of 1,024 MiB, live data after a full collection at most 200 MiB");
        assertThat(targets.get(1).measured()).isEqualTo("8.2 s");
        assertThat(targets.get(2).measured()).isEqualTo("12.0 ms on the hot merchant (1,000,001 events); the other:"
                + " 31.0 ms (999,999 events)");
    }

    @Test
    void scaleTargetsMissWhenSlowAndAreNotCountedBelowTheTargetSize() {
        List<TargetCheck> slow = Verdicts.scaleTargets(ReportFixtures.scale(1_000_000, 10_000_000, 12.0, 80.0));
        List<TargetCheck> small = Verdicts.scaleTargets(ReportFixtures.scale(100_000, 1_000_000, 8.0, 20.0));

        assertThat(slow.get(1).met()).isFalse();
        assertThat(small.get(0).met()).isNull();
        assertThat(small.get(0).measured()).endsWith("smaller than the target's size, so not counted");
        assertThat(small.get(2).met()).isNull();
        assertThat(small.get(2).measured()).startsWith("12.0 ms on the hot merchant (100,001 events)")
                .endsWith("fewer events than the target's, so not counted");
    }
}
