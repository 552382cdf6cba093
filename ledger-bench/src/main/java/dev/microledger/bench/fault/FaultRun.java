package dev.microledger.bench.fault;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.microledger.bench.machine.MachineFactsReader;
import dev.microledger.bench.report.MachineFacts;
import dev.microledger.launcher.Credentials;

/**
 * One fault run from the first start of the launcher to the report: the system comes up, the
 * accounts are opened and funded, the clients start, and then the kills come one by one, each
 * after the one before has recovered and the load has run undisturbed for a random pause. Once
 * all are made, the clients stop, and the checks read what the ledger and query-service hold.
 * Everything started here is stopped before {@link #run()} returns.
 */
public final class FaultRun {

    static final String REPORT_MARKDOWN = "fault-report.md";
    static final String REPORT_JSON = "fault-report.json";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CLIENT_JOIN_MARGIN = Duration.ofSeconds(60);
    private static final List<String> KEY_ROLES = List.of("payments", "treasury", "accounts", "support", "analyst", "operator");
    /** The logins and databases the launcher makes, and where it keeps their passwords (see {@link Credentials}). */
    private static final String LEDGER_PASSWORD_FILE = "ledger-service.password";
    private static final String QUERY_PASSWORD_FILE = "query-service.password";

    private final FaultRunOptions options;
    private final String commandLine;
    private final PrintStream out;
    private final Path servicesDirectory;
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public FaultRun(FaultRunOptions options, String commandLine, PrintStream out, Path servicesDirectory) {
        this.options = options;
        this.commandLine = commandLine;
        this.out = out;
        this.servicesDirectory = servicesDirectory;
    }

    /**
     * Runs it and writes fault-report.md and fault-report.json into the report directory.
     *
     * @return the report as written; {@link FaultReport.Outcome#passed()} says whether every check passed
     */
    public FaultReport run() throws InterruptedException {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long startNanos = System.nanoTime();
        MachineFacts machine = MachineFactsReader.read();
        Path runDirectory = createRunDirectory(startedAt);
        Path systemDirectory = runDirectory.resolve("system");
        LauncherProcess.Ports ports = LauncherProcess.Ports.pickFree();
        LauncherProcess launcher = LauncherProcess.prepare(runDirectory, systemDirectory, servicesDirectory, ports);
        TransferBook book = new TransferBook();
        LoadCounters counters = new LoadCounters();
        List<KillRecord> kills = new ArrayList<>();
        Checks checks = new Checks();
        double loadSeconds = 0;
        progress("Fault run in " + runDirectory + ": " + options.kills() + " kills of " + labels(options.kinds()) + ", seed "
                + options.seed());
        try {
            progress("Starting the launcher (log: " + launcher.logFile() + ")");
            launcher.start();
            awaitUp(launcher);
            FaultHttp http = new FaultHttp(key(systemDirectory, ports));
            progress("Opening and funding the accounts");
            List<String> payers = LedgerSetUp.payers(options.payers());
            List<String> merchants = LedgerSetUp.merchants(options.merchants());
            new LedgerSetUp(http, ports.ledgerUrl(), book).run(payers, merchants);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong giveUpAtNanos = new AtomicLong(Long.MAX_VALUE);
            List<Thread> clients = startClients(http, ports.ledgerUrl(), book, counters, payers, merchants, running, giveUpAtNanos);
            long loadStartNanos = System.nanoTime();
            makeKills(launcher, http, book, kills);
            progress("Stopping the load: every client finishes its request, asking again until it is answered");
            giveUpAtNanos.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(options.recoveryTimeoutSeconds()));
            running.set(false);
            joinClients(clients);
            loadSeconds = (System.nanoTime() - loadStartNanos) / 1e9;
            checks.run(http, ports, systemDirectory, book);
        } catch (RuntimeException exception) {
            fail("the run stopped early: " + exception);
        } finally {
            progress("Stopping the launcher");
            List<ProcessHandle> left = launcher.stop();
            if (!left.isEmpty()) {
                fail(left.size() + " processes were still running " + "after the launcher's stop and were killed: "
                        + LauncherProcess.describe(left));
            }
            cleanUp(runDirectory, systemDirectory);
        }
        FaultReport report = report(startedAt, startNanos, machine, book, counters, kills, checks, loadSeconds);
        FaultReportFiles.write(report, options.reportDirectory(), out);
        return report;
    }

    private void makeKills(LauncherProcess launcher, FaultHttp http, TransferBook book, List<KillRecord> kills)
            throws InterruptedException {
        KillSchedule schedule = new KillSchedule(options.kinds(), options.seed(), options.pauseMinSeconds(),
                options.pauseMaxSeconds());
        KillAndRecover killer = new KillAndRecover(launcher, http, book, Duration.ofSeconds(options.recoveryTimeoutSeconds()));
        Thread.sleep(schedule.nextPause().toMillis());
        for (int number = 1; number <= options.kills(); number++) {
            KillKind kind = schedule.nextKind();
            KillRecord kill = killer.kill(number, kind);
            kills.add(kill);
            progress(String.format(java.util.Locale.ROOT, "kill %d/%d %-14s (%s): payment accepted after %s s, projection"
                            + " caught up after %s s; %,d transfers acknowledged so far%s", number, options.kills(),
                    kind.label(), kill.killedPids(), seconds(kill.paymentMillis()), seconds(kill.projectionMillis()),
                    book.postedCount(), kill.note() == null ? "" : "; " + kill.note()));
            if (!kill.recovered()) {
                fail("kill " + number + " (" + kind.label() + ") did not recover: " + kill.note());
                return;
            }
            if (number < options.kills()) {
                Thread.sleep(schedule.nextPause().toMillis());
            }
        }
    }

    /** The checks after the load, each noted as it fails; a check that cannot run is a failure, not an abort. */
    private final class Checks {

        StoreCheck.Result store;
        ProjectionCheck.Result projection;
        RebuildComparison.Result rebuild;
        ChainAudit.Result audit;

        void run(FaultHttp http, LauncherProcess.Ports ports, Path systemDirectory, TransferBook book)
                throws InterruptedException {
            Credentials credentials = Credentials.prepare(systemDirectory, System.getenv(Credentials.ADMIN_KEY_VARIABLE));
            String ledgerJdbc = "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/ledger";
            String queryJdbc = "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/query";
            progress(String.format(java.util.Locale.ROOT, "Checking: %,d transfers acknowledged, %,d rejected, %,d unresolved;"
                    + " reading the event store", book.postedCount(), book.rejectedCount(), book.unresolvedCount()));
            try {
                store = StoreCheck.run(ledgerJdbc, "ledger_service", credentials.password(LEDGER_PASSWORD_FILE), book);
                check("event store", store.passed(), store.examples());
                awaitCaughtUp(http, ports.queryUrl(), store.accountVersions());
            } catch (SQLException exception) {
                fail("reading the event store failed: " + exception.getMessage());
            }
            progress("Reading query-service's balances and entries");
            projection = new ProjectionCheck(http, ports.queryUrl(), book).run();
            check("query-service", projection.passed(), projection.examples());
            progress("Auditing the event store's chains (GET /admin/audit)");
            audit = ChainAudit.run(http, ports.ledgerUrl());
            check("event chains", audit.passed(), audit.detail() == null ? List.of() : List.of(audit.state() + ": " + audit.detail()));
            progress("Rebuilding the projections from the topic and comparing them with the live ones");
            rebuild = RebuildComparison.run(http, ports.queryUrl(), queryJdbc, "query_service",
                    credentials.password(QUERY_PASSWORD_FILE));
            List<String> differences = new ArrayList<>();
            if (rebuild.failure() != null) {
                differences.add(rebuild.failure());
            }
            rebuild.tables().forEach(table -> differences.addAll(table.examples()));
            check("rebuild", rebuild.passed(), differences);
        }

        private void check(String name, boolean passed, List<String> examples) {
            if (!passed) {
                fail(name + " check failed" + (examples.isEmpty() ? "" : ": " + String.join("; ", examples)));
            }
        }
    }

    private void awaitCaughtUp(FaultHttp http, URI queryUrl, Map<String, Long> versions) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        for (Map.Entry<String, Long> account : versions.entrySet()) {
            FaultHttp.Reply reply = http.get(queryUrl, "/accounts/" + account.getKey() + "?minVersion=" + account.getValue(),
                    Duration.ofSeconds(10));
            while (reply.status() != 200 && System.nanoTime() - deadline < 0) {
                Thread.sleep(200);
                reply = http.get(queryUrl, "/accounts/" + account.getKey() + "?minVersion=" + account.getValue(),
                        Duration.ofSeconds(10));
            }
            if (reply.status() != 200) {
                fail("query-service did not show " + account.getKey() + " at version " + account.getValue() + ", the event"
                        + " store's last, within " + CATCH_UP_TIMEOUT.toMinutes() + " min: " + reply.describe());
                return;
            }
        }
    }

    private List<Thread> startClients(FaultHttp http, URI ledgerUrl, TransferBook book, LoadCounters counters,
            List<String> payers, List<String> merchants, AtomicBoolean running, AtomicLong giveUpAtNanos) {
        progress("Starting " + options.clients() + " clients");
        List<Thread> clients = new ArrayList<>();
        for (int index = 1; index <= options.clients(); index++) {
            Thread client = new Thread(new PaymentClient(index, http, ledgerUrl, book, counters, payers, merchants,
                    options.seed() * 31 + index, options.thinkMillis(), running, giveUpAtNanos), "fault-client-" + index);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        return clients;
    }

    private void joinClients(List<Thread> clients) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.recoveryTimeoutSeconds())
                + CLIENT_JOIN_MARGIN.toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (client.isAlive()) {
                fail(client.getName() + " did not finish its last request in time");
                client.interrupt();
            }
        }
    }

    private void awaitUp(LauncherProcess launcher) throws InterruptedException {
        FaultHttp anonymous = new FaultHttp(null);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("the launcher exited with code " + launcher.exitCode().orElse(-1)
                        + "; its output ended with:" + System.lineSeparator() + launcher.logTail());
            }
            if (anonymous.get(launcher.ports().ledgerUrl(), "/actuator/health/readiness", Duration.ofSeconds(5)).status() == 200
                    && anonymous.get(launcher.ports().queryUrl(), "/actuator/health/readiness", Duration.ofSeconds(5))
                    .status() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the system did not come up within " + START_TIMEOUT.toMinutes() + " min; the launcher's"
                + " output ended with:" + System.lineSeparator() + launcher.logTail());
    }

    /** The run's key, kept in the data directory like the launcher's own, once query-service knows it too. */
    private String key(Path systemDirectory, LauncherProcess.Ports ports) throws InterruptedException {
        Credentials credentials = Credentials.prepare(systemDirectory, System.getenv(Credentials.ADMIN_KEY_VARIABLE));
        String key = credentials.keptKey(ports.ledgerUrl().toString(), "fault-run.key", "fault run", KEY_ROLES);
        FaultHttp http = new FaultHttp(key);
        long deadline = System.nanoTime() + KEY_TIMEOUT.toNanos();
        while (http.get(ports.queryUrl(), "/accounts/key-check", Duration.ofSeconds(5)).status() == 401) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("query-service did not learn the run's key within " + KEY_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return key;
    }

    private FaultReport report(Instant startedAt, long startNanos, MachineFacts machine, TransferBook book,
            LoadCounters counters, List<KillRecord> kills, Checks checks, double loadSeconds) {
        Map<String, Integer> killsByProcess = new LinkedHashMap<>();
        List<FaultReport.RecoveryByKind> recovery = new ArrayList<>();
        for (KillKind kind : options.kinds()) {
            FaultReport.RecoveryByKind byKind = FaultReport.RecoveryByKind.of(kind, kills);
            killsByProcess.put(kind.label(), byKind.kills());
            recovery.add(byKind);
        }
        Set<String> lost = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        if (checks.store != null) {
            lost.addAll(checks.store.lostIds());
            duplicated.addAll(checks.store.duplicatedIds());
        }
        if (checks.projection != null) {
            lost.addAll(checks.projection.lostIds());
            duplicated.addAll(checks.projection.duplicatedIds());
        }
        if (!book.contradictions().isEmpty()) {
            fail(book.contradictions().size() + " answers contradicted an earlier one: " + book.contradictions());
        }
        if (book.unresolvedCount() > 0) {
            fail(book.unresolvedCount() + " transfers got no definite answer before the clients gave up");
        }
        Map<String, Boolean> checkResults = new LinkedHashMap<>();
        checkResults.put("every kill recovered", kills.size() == options.kills() && kills.stream().allMatch(KillRecord::recovered));
        checkResults.put("event store", checks.store != null && checks.store.passed());
        checkResults.put("query-service", checks.projection != null && checks.projection.passed());
        checkResults.put("projection equals a rebuild from the topic", checks.rebuild != null && checks.rebuild.passed());
        checkResults.put("event chains verify", checks.audit != null && checks.audit.passed());
        boolean passed = failures.isEmpty() && checkResults.values().stream().allMatch(Boolean::booleanValue)
                && lost.isEmpty() && duplicated.isEmpty();
        FaultReport.Outcome outcome = new FaultReport.Outcome(passed, kills.size(), killsByProcess, book.postedCount(), lost.size(),
                duplicated.size(), book.rejectedByCode(), book.unresolvedCount(), book.contradictions(), checkResults);
        FaultReport.Settings settings = new FaultReport.Settings(options.kills(), options.kinds(), options.clients(),
                options.thinkMillis(), options.payers(), options.merchants(), options.pauseMinSeconds(), options.pauseMaxSeconds(),
                options.recoveryTimeoutSeconds());
        double minutes = (System.nanoTime() - startNanos) / 60e9;
        return new FaultReport(commandLine, startedAt.toString(), minutes, options.seed(), machine, settings, outcome, recovery,
                List.copyOf(kills), FaultReport.Load.of(counters, loadSeconds), checks.store, checks.projection,
                checks.rebuild, checks.audit, List.copyOf(failures), List.copyOf(notes));
    }

    private Path createRunDirectory(Instant startedAt) {
        String name = "f" + Long.toString(startedAt.getEpochSecond(), Character.MAX_RADIX);
        Path runDirectory = options.dataDirectory().resolve(name);
        try {
            Files.createDirectories(runDirectory);
            // Run as root, the launcher runs PostgreSQL as another user, who must be able to enter the data directory.
            Files.setPosixFilePermissions(runDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create " + runDirectory, exception);
        }
        return runDirectory;
    }

    private void cleanUp(Path runDirectory, Path systemDirectory) {
        if (options.keepData()) {
            notes.add("The data and logs are kept in " + runDirectory + ".");
            return;
        }
        try {
            for (String part : List.of("postgres", "kafka")) {
                DataFiles.deleteTree(systemDirectory.resolve(part));
            }
            notes.add("The logs are in " + runDirectory + " (launcher.log, system/logs); the databases and Kafka's files were"
                    + " deleted.");
        } catch (IOException | UncheckedIOException exception) {
            notes.add("Could not delete all data in " + systemDirectory + ": " + exception.getMessage());
        }
    }

    private void fail(String message) {
        failures.add(message);
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " FAILED: " + message);
    }

    private void progress(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
        out.flush();
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static String labels(List<KillKind> kinds) {
        return String.join(", ", kinds.stream().map(KillKind::label).toList());
    }
}
