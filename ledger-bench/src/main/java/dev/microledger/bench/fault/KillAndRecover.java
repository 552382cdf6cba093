package dev.microledger.bench.fault;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes one kill and measures the recovery from it: SIGKILL to the part the kind names, a new
 * launcher after a whole-system kill, then a probe payment sent again and again (the same id)
 * until it is accepted, then query-service asked for every account at the highest version
 * acknowledged up to that moment until it shows them all.
 */
final class KillAndRecover {

    /** The children of a killed launcher end through their parent watch; a service's graceful shutdown may take 30 s. */
    private static final Duration PROCESSES_GONE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CHILD_APPEAR_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 100;
    /** Starts of the launcher for one kill at most: a launcher that fails this often will not come back. */
    private static final int LAUNCHER_STARTS_MAX = 5;
    static final String PROBE_PAYER = "probe-payer";
    static final String PROBE_PAYEE = "probe-payee";
    private static final long PROBE_AMOUNT_MINOR = 10_000;

    private final LauncherProcess launcher;
    private final FaultHttp http;
    private final TransferBook book;
    private final Duration recoveryTimeout;

    KillAndRecover(LauncherProcess launcher, FaultHttp http, TransferBook book, Duration recoveryTimeout) {
        this.launcher = launcher;
        this.http = http;
        this.book = book;
        this.recoveryTimeout = recoveryTimeout;
    }

    KillRecord kill(int number, KillKind kind) throws InterruptedException {
        Attempt attempt = new Attempt(number, kind);
        attempt.killedAt = Instant.now();
        attempt.killedNanos = System.nanoTime();
        if (kind.wholeSystem()) {
            killWholeSystem(attempt);
        } else if (!killChild(attempt)) {
            return attempt.record();
        }
        long deadline = attempt.killedNanos + recoveryTimeout.toNanos();
        TransferBook.Transfer probe = new TransferBook.Transfer("probe-" + number, PROBE_PAYER, PROBE_PAYEE, PROBE_AMOUNT_MINOR);
        if (!awaitPayment(attempt, probe, deadline)) {
            return attempt.record();
        }
        awaitProjection(attempt, book.acknowledgedVersions(), deadline);
        return attempt.record();
    }

    private boolean killChild(Attempt attempt) throws InterruptedException {
        long appearDeadline = System.nanoTime() + CHILD_APPEAR_TIMEOUT.toNanos();
        Optional<ProcessHandle> child = launcher.child(attempt.kind);
        while (child.isEmpty() && System.nanoTime() - appearDeadline < 0) {
            Thread.sleep(POLL_MILLIS);
            child = launcher.child(attempt.kind);
        }
        if (child.isEmpty()) {
            attempt.note("no " + attempt.kind.label() + " ran under the launcher to kill");
            return false;
        }
        attempt.killedAt = Instant.now();
        attempt.killedNanos = System.nanoTime();
        child.get().destroyForcibly();
        attempt.killedPids = "pid " + child.get().pid();
        return true;
    }

    private void killWholeSystem(Attempt attempt) throws InterruptedException {
        List<ProcessHandle> tree = launcher.tree();
        attempt.killedNanos = System.nanoTime();
        attempt.killedAt = Instant.now();
        // The launcher first, so that its supervision cannot start again a child that dies a moment before it.
        tree.get(0).destroyForcibly();
        if (attempt.kind == KillKind.ALL_PROCESSES) {
            tree.subList(1, tree.size()).forEach(ProcessHandle::destroyForcibly);
            attempt.killedPids = "launcher pid " + tree.get(0).pid() + " and the " + (tree.size() - 1) + " processes under it";
        } else {
            attempt.killedPids = "launcher pid " + tree.get(0).pid();
        }
        List<ProcessHandle> left = LauncherProcess.awaitGone(tree, PROCESSES_GONE_TIMEOUT);
        attempt.processesGoneMillis = millisSince(attempt.killedNanos);
        if (!left.isEmpty()) {
            attempt.note(left.size() + " processes outlived the launcher by " + PROCESSES_GONE_TIMEOUT.toSeconds()
                    + " s and were killed: " + LauncherProcess.describe(left));
            left.forEach(ProcessHandle::destroyForcibly);
            LauncherProcess.awaitGone(left, Duration.ofSeconds(10));
        }
        launcher.start();
        attempt.launcherStarts++;
    }

    private boolean awaitPayment(Attempt attempt, TransferBook.Transfer probe, long deadline) throws InterruptedException {
        URI ledgerUrl = launcher.ports().ledgerUrl();
        FaultHttp.Reply last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!keepLauncherRunning(attempt)) {
                return false;
            }
            last = http.post(ledgerUrl, "/transfers", probe.json(), PROBE_TIMEOUT);
            if (last.status() == 200 || last.status() == 201) {
                book.posted(probe, PaymentClient.versions(last.json()));
                attempt.paymentMillis = millisSince(attempt.killedNanos);
                return true;
            }
            if (PaymentClient.isDefinite(last.status())) {
                book.rejected(probe, last.code());
                attempt.note("the probe payment was refused: " + last.describe());
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        book.unresolved(probe);
        attempt.note("no payment accepted within " + recoveryTimeout.toSeconds() + " s; last answer: "
                + (last == null ? "none" : last.describe()));
        return false;
    }

    private void awaitProjection(Attempt attempt, Map<String, Long> versions, long deadline) throws InterruptedException {
        URI queryUrl = launcher.ports().queryUrl();
        Map<String, Long> behind = new LinkedHashMap<>(versions);
        FaultHttp.Reply last = null;
        String lastAccount = null;
        while (System.nanoTime() - deadline < 0) {
            if (!keepLauncherRunning(attempt)) {
                return;
            }
            Iterator<Map.Entry<String, Long>> accounts = behind.entrySet().iterator();
            while (accounts.hasNext()) {
                Map.Entry<String, Long> account = accounts.next();
                last = http.get(queryUrl, "/accounts/" + account.getKey() + "?minVersion=" + account.getValue(), VIEW_TIMEOUT);
                lastAccount = account.getKey();
                if (last.status() != 200) {
                    break;
                }
                accounts.remove();
            }
            if (behind.isEmpty()) {
                attempt.projectionMillis = millisSince(attempt.killedNanos);
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        attempt.note("query-service did not show " + behind.size() + " accounts at their acknowledged versions within "
                + recoveryTimeout.toSeconds() + " s; last answer for " + lastAccount + ": "
                + (last == null ? "none" : last.describe()));
    }

    /**
     * The launcher only exits by itself when something it cannot recover from happened (PostgreSQL
     * died under it): that is noted, and it is started again so the run can go on.
     *
     * @return false once it has been started too often for this kill
     */
    private boolean keepLauncherRunning(Attempt attempt) {
        if (launcher.isAlive()) {
            return true;
        }
        attempt.note("the launcher exited by itself with code " + launcher.exitCode().map(String::valueOf).orElse("?")
                + "; its output ended with: " + launcher.logTail().lines().reduce((first, second) -> second).orElse(""));
        if (attempt.launcherStarts >= LAUNCHER_STARTS_MAX) {
            attempt.note("gave up after " + attempt.launcherStarts + " starts of the launcher");
            return false;
        }
        launcher.start();
        attempt.launcherStarts++;
        return true;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** What is known about one kill while it is under way. */
    private static final class Attempt {

        final int number;
        final KillKind kind;
        Instant killedAt;
        long killedNanos;
        String killedPids = "";
        Long processesGoneMillis;
        Long paymentMillis;
        Long projectionMillis;
        int launcherStarts;
        final List<String> notes = new ArrayList<>();

        Attempt(int number, KillKind kind) {
            this.number = number;
            this.kind = kind;
        }

        void note(String text) {
            notes.add(text);
        }

        KillRecord record() {
            return new KillRecord(number, kind, killedAt.toString(), killedPids, processesGoneMillis, paymentMillis, projectionMillis,
                    launcherStarts, notes.isEmpty() ? null : String.join("; ", notes));
        }
    }
}
