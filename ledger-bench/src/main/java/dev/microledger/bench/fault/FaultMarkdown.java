package dev.microledger.bench.fault;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.microledger.bench.report.MachineFacts;

/** Renders a {@link FaultReport} as fault-report.md: the verdict first, then the recovery times, the load and every kill. */
final class FaultMarkdown {

    private FaultMarkdown() {
    }

    static String render(FaultReport report) {
        StringBuilder md = new StringBuilder();
        FaultReport.Outcome outcome = report.outcome();
        md.append(String.format(Locale.ROOT, "# Fault run: %d kills, %,d transfers acknowledged, %,d lost, %,d duplicated%n%n",
                outcome.killsMade(), outcome.acknowledged(), outcome.lost(), outcome.duplicated()));
        md.append("- Command: `").append(report.command()).append("`\n");
        md.append(String.format(Locale.ROOT, "- Started %s, took %.1f min; seed %d%n", report.startedAt(), report.minutes(),
                report.seed()));
        MachineFacts machine = report.machine();
        md.append(String.format(Locale.ROOT, "- Machine: %d cores (%s), %.1f GiB, %s, %s; load average at the start %s%n",
                machine.cores(), machine.cpuModel(), machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.jvm(), machine.os(),
                machine.loadAverage()));
        FaultReport.Settings settings = report.settings();
        md.append(String.format(Locale.ROOT, "- Load: %d clients, each pausing %d ms after an answer; %d payers (payer-1 and"
                        + " payer-2 with 3 USD, payer-3 postpaid with a credit limit of 5 USD, the rest with 100,000 USD), %d"
                        + " merchants; %d to %d s of load between a recovery and the next kill; a kill that does not recover"
                        + " within %d s ends the kills%n%n",
                settings.clients(), settings.thinkMillis(), settings.payers(), settings.merchants(), settings.pauseMinSeconds(),
                settings.pauseMaxSeconds(),
                settings.recoveryTimeoutSeconds()));

        md.append("## Verdict: ").append(outcome.passed() ? "passed" : "FAILED").append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Kills | ").append(outcome.killsMade()).append(": ").append(joined(outcome.killsByProcess())).append(" |\n");
        md.append(row("Acknowledged transfers", number(outcome.acknowledged())
                + " (201 or 200 for one transfer, POSTED in a batch; top-ups and recovery probes included)"));
        md.append(row("Lost", number(outcome.lost()) + " (acknowledged, missing from the event store or query-service's entries)"));
        md.append(row("Duplicated", number(outcome.duplicated()) + " (acknowledged, more than once in either)"));
        md.append(row("Rejected", outcome.rejected().isEmpty() ? "none" : joined(outcome.rejected())));
        md.append(row("Without a definite answer", number(outcome.unresolved())));
        md.append(row("Contradicting answers", outcome.contradictions().isEmpty() ? "none" : String.join("; ", outcome.contradictions())));
        md.append('\n');
        checks(md, report);

        md.append("## Recovery by kind of kill\n\n");
        md.append("Seconds from the SIGKILL until a payment was accepted again (the same probe transfer sent every 100 ms),"
                + " and until query-service showed every account at the highest version acknowledged up to that payment."
                + " A killed child is started again by the launcher after its supervision's pause (1 s, doubling while it"
                + " keeps dying within a minute of its start); after a whole-system kill the fault run starts the launcher"
                + " again as soon as the launcher and every process under it have exited.\n\n");
        md.append("| Kind | Kills | Recovered | Payment accepted p50 / p90 / max | Projection caught up p50 / p90 / max"
                + " | All processes gone, max |\n|---|---:|---:|---|---|---:|\n");
        for (FaultReport.RecoveryByKind kind : report.recovery()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s / %s / %s | %s / %s / %s | %s |%n", kind.kind().label(),
                    kind.kills(), kind.recovered(), seconds(kind.paymentP50Seconds()), seconds(kind.paymentP90Seconds()),
                    seconds(kind.paymentMaxSeconds()), seconds(kind.projectionP50Seconds()), seconds(kind.projectionP90Seconds()),
                    seconds(kind.projectionMaxSeconds()), seconds(kind.processesGoneMaxSeconds())));
        }
        md.append('\n');
        load(md, report.load());
        list(md, "Failures", report.failures());
        list(md, "Notes", report.notes());
        kills(md, report.kills());
        return md.toString();
    }

    private static void checks(StringBuilder md, FaultReport report) {
        md.append("| Check | Result |\n|---|---|\n");
        md.append(row("Every kill recovered", yes(report.outcome().checks().get("every kill recovered"))));
        StoreCheck.Result store = report.store();
        if (store != null) {
            md.append(row("Event store: every acknowledged transfer one debit and one credit event", String.format(Locale.ROOT,
                    "%s: %,d of %,d exactly once; lost %,d, duplicated %,d, on another account or amount %,d, of transfers"
                            + " never acknowledged %,d (%,d debit and credit events read; %,d rows in the transfer registry)",
                    yes(store.passed()), store.exactlyOnce(), store.acknowledged(), store.lost(), store.duplicated(),
                    store.mismatched(), store.unacknowledged(), store.events(), store.transferRecords())));
            md.append(row("Event store: balances event by event", String.format(Locale.ROOT,
                    "each balance after follows from the one before: %,d breaks; debits under a floor: %,d; accounts not ending at"
                            + " the sum of their acknowledged transfers: %,d; lowest balance of a USER or MERCHANT: %s USD",
                    store.balanceBreaks(), store.underFloor(), store.balanceMismatches(),
                    TransferBook.amountText(store.lowestBalanceMinor()))));
        }
        ProjectionCheck.Result projection = report.projection();
        if (projection != null) {
            md.append(row("query-service: every acknowledged transfer one DEBIT and one CREDIT entry", String.format(Locale.ROOT,
                    "%s: %,d of %,d exactly once; lost %,d, duplicated %,d, on another side or amount %,d, of transfers never"
                            + " acknowledged %,d (%,d entries of %d accounts read through GET /accounts/{id}/entries)",
                    yes(projection.passed()), projection.exactlyOnce(), projection.acknowledged(), projection.lost(),
                    projection.duplicated(), projection.mismatched(), projection.unacknowledged(), projection.entries(),
                    projection.accounts())));
            md.append(row("query-service: balances and floors", String.format(Locale.ROOT,
                    "accounts whose balance is not the sum of their acknowledged transfers, or that hold funds: %,d; balances"
                            + " and entries under a floor: %,d", projection.balanceMismatches(), projection.underFloor())));
            md.append(row("Trial balance (GET /analytics/trial-balance)", (projection.trialBalanceZero() ? "zero: " : "NOT zero: ")
                    + "`" + projection.trialBalance() + "`"));
        }
        RebuildComparison.Result rebuild = report.rebuild();
        if (rebuild != null) {
            long differing = rebuild.tables().stream().mapToLong(table -> table.onlyLive() + table.onlyRebuilt()).sum();
            md.append(row("Projection equals a rebuild from the topic", String.format(Locale.ROOT,
                    "%s: %d tables, %,d rows, %,d rows differ (%s); the rebuild read %,d records of the topic, applied %,d and"
                            + " skipped %,d (duplicates the outbox sent again after a crash), in %.0f s%s",
                    yes(rebuild.passed()), rebuild.tables().size(), rebuild.rows(), differing,
                    rebuild.tables().stream().map(table -> table.name() + " " + number(table.liveRows()))
                            .collect(Collectors.joining(", ")),
                    rebuild.topicRecords(), rebuild.projected(), rebuild.skipped(), rebuild.seconds(),
                    rebuild.failure() == null ? "" : "; " + rebuild.failure())));
        }
        ChainAudit.Result audit = report.audit();
        if (audit != null) {
            md.append(row("Event chains (GET /admin/audit)", String.format(Locale.ROOT,
                    "%s: %,d events of %,d accounts, %,d breaks, %,d without a link, in %.1f s%s", audit.state(), audit.events(),
                    audit.accounts(), audit.breaks(), audit.unlinked(), audit.millis() / 1000.0,
                    audit.detail() == null ? "" : "; " + audit.detail())));
        }
        md.append('\n');
    }

    private static void load(StringBuilder md, FaultReport.Load load) {
        md.append("## Load\n\n| | |\n|---|---|\n");
        md.append(row("Duration", String.format(Locale.ROOT, "%.0f s", load.seconds())));
        md.append(row("Requests sent", number(load.requests()) + ", of them " + number(load.retries())
                + " retries of a request without a definite answer"));
        md.append(row("Distinct requests", number(load.singleRequests()) + " to POST /transfers, " + number(load.batchRequests())
                + " to POST /transfers/batch (2 to 20 transfers, one in four atomic)"));
        md.append(row("Acknowledged", number(load.acknowledgedSingle()) + " single, " + number(load.acknowledgedInBatches())
                + " in batches; " + String.format(Locale.ROOT, "%.0f", load.transfersPerSecond()) + " transfers/s"));
        md.append(row("Acknowledged only by a retry", number(load.acknowledgedAfterRetry())));
        md.append(row("Answered 200 on a retry", number(load.answeredAsAlreadyPosted())
                + " single transfers: committed by an attempt whose answer was lost, and not posted again"));
        md.append(row("Answers", joined(load.answers())));
        md.append('\n');
    }

    private static void kills(StringBuilder md, List<KillRecord> kills) {
        md.append("## Every kill\n\n| # | Kind | At | Killed | All gone s | Payment s | Projection s | Note |\n"
                + "|---:|---|---|---|---:|---:|---:|---|\n");
        for (KillRecord kill : kills) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |%n", kill.number(), kill.kind().label(),
                    kill.killedAt(), kill.killedPids(), millis(kill.processesGoneMillis()), millis(kill.paymentMillis()),
                    millis(kill.projectionMillis()), kill.note() == null ? "" : kill.note().replace("|", "\\|")
                            .replace("\n", " ")));
        }
    }

    private static void list(StringBuilder md, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        items.forEach(item -> md.append("- ").append(item.replace("\n", " ")).append('\n'));
        md.append('\n');
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value.replace("|", "\\|") + " |\n";
    }

    private static String joined(Map<String, ? extends Number> counts) {
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + number(entry.getValue().longValue()))
                .collect(Collectors.joining(", "));
    }

    private static String yes(Boolean passed) {
        return Boolean.TRUE.equals(passed) ? "yes" : "NO";
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String millis(Long value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value / 1000.0);
    }
}
