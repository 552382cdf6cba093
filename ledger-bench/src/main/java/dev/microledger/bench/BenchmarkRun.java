package dev.microledger.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import dev.microledger.bench.load.Endpoint;
import dev.microledger.bench.load.LedgerClient;
import dev.microledger.bench.load.LoadRunner;
import dev.microledger.bench.load.Seeder;
import dev.microledger.bench.load.TransferFactory;
import dev.microledger.bench.load.Workload;
import dev.microledger.bench.load.WorkloadAccounts;
import dev.microledger.bench.machine.CpuMeter;
import dev.microledger.bench.machine.MachineFactsReader;
import dev.microledger.bench.raw.RawJdbcAppend;
import dev.microledger.bench.raw.RawKafkaProduce;
import dev.microledger.bench.rebuild.RebuildMeasurement;
import dev.microledger.bench.report.BenchmarkReport;
import dev.microledger.bench.report.JsonReport;
import dev.microledger.bench.report.MachineFacts;
import dev.microledger.bench.report.MarkdownReport;
import dev.microledger.bench.integrity.AuditMeasurement;
import dev.microledger.bench.integrity.ChainCost;
import dev.microledger.bench.report.RawLimit;
import dev.microledger.bench.report.Ratio;
import dev.microledger.bench.report.RebuildResult;
import dev.microledger.bench.report.RunResult;
import dev.microledger.bench.report.ScaleResult;
import dev.microledger.bench.report.Setup;
import dev.microledger.bench.report.TargetCheck;
import dev.microledger.bench.report.Verdicts;
import dev.microledger.bench.scale.LedgerEventStore;
import dev.microledger.bench.scale.ScaleAccounts;
import dev.microledger.bench.scale.ScaleWorkload;
import dev.microledger.bench.service.BenchKeys;
import dev.microledger.broker.KafkaLogin;
import dev.microledger.launcher.EmbeddedSystem;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.PostgresServer;
import dev.microledger.postgres.PostgresSettings;

/**
 * One benchmark run from start to report: the system (started here or given by URL), the raw
 * limits, every workload through every endpoint, the baseline, and the report files. A phase
 * that fails is noted in the report and the rest still runs; every process started here is
 * stopped before {@link #run()} returns, and on Ctrl-C by PostgreSQL's shutdown hook, which stops
 * the broker, and so the services the broker carries, before the database.
 */
final class BenchmarkRun {

    static final String REPORT_MARKDOWN = "report.md";
    static final String REPORT_JSON = "report.json";

    private static final String BASELINE_ARGUMENT = "--ledger.group-commit.enabled=false";
    /** The password of the broker's super user, for the raw produce limit on services given by URL. */
    private static final String BROKER_PASSWORD_VARIABLE = "KAFKA_BROKER_PASSWORD";
    private static final String NO_REBUILD_REASON = "--no-rebuild was given";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
    /** The auto open-loop rate when there is no closed-loop single run to halve. */
    private static final int OPEN_LOOP_RATE_FALLBACK = 1000;
    private static final int OPEN_LOOP_RATE_MIN = 10;
    /** Files deleted after the run at most; a data directory holds a few thousand, most of them PostgreSQL's. */
    private static final int DELETED_FILES_MAX = 100_000;
    /** The variable that names the user PostgreSQL runs as when the benchmark runs as root, as for the launcher. */
    private static final String POSTGRES_USER_VARIABLE = "MICRO_LEDGER_POSTGRES_USER";

    private final BenchmarkOptions options;
    private final String commandLine;
    private final PrintStream out;
    private final Path servicesDirectory;
    private final String runId;
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final PostgresSchemas schemas;
    private final Map<String, Double> seedingSeconds = new LinkedHashMap<>();
    /** PostgreSQL's synchronous_commit as the benchmark's connection saw it, or null before it was read. */
    private String synchronousCommit;
    private RebuildResult scaleRebuild;
    private int phase;
    private int phaseCount;

    BenchmarkRun(BenchmarkOptions options, String commandLine, PrintStream out, Path servicesDirectory) {
        this.options = options;
        this.commandLine = commandLine;
        this.out = out;
        this.servicesDirectory = servicesDirectory;
        this.runId = newRunId();
        this.schemas = options.usesExternalPostgres()
                ? new PostgresSchemas(options.postgresUrl(), options.postgresUsername(), options.postgresPassword()) : null;
    }

    /** Whether any phase failed; the report says which. */
    boolean failed() {
        return !failures.isEmpty();
    }

    /**
     * Runs everything and writes the report.
     *
     * @return the report as written
     */
    BenchmarkReport run() throws InterruptedException {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long startNanos = System.nanoTime();
        MachineFacts machine = MachineFactsReader.read();
        phaseCount = options.workloads().size() * (options.endpoints().size() + (options.runsOpenLoop() ? 1 : 0))
                + (options.targetsRunningServices() ? 0 : 1);
        if (options.scale()) {
            out.printf(Locale.ROOT, "micro-ledger-bench run %s: the scale workload, %,d accounts and %,d transfers%n",
                    runId, options.scaleAccounts(), options.scaleTransfers());
        } else {
            out.printf(Locale.ROOT, "micro-ledger-bench run %s: %d measured runs of %d s after %d s warm-up each, about %d min in all%n",
                    runId, phaseCount, options.durationSeconds(), options.warmupSeconds(), estimatedMinutes());
        }

        List<RawLimit> rawLimits = new ArrayList<>();
        if (!options.scale()) {
            progress("Measuring the event chain's cost per event on one thread");
            rawLimits.addAll(ChainCost.measure());
        }
        List<RunResult> runs = new ArrayList<>();
        RunResult baseline = null;
        RebuildResult rebuild = null;
        ScaleResult scale = null;
        String baselineSkippedReason = null;
        Path runDirectory = options.dataDirectory().resolve(runId);
        try {
            if (options.usesExternalPostgres()) {
                synchronousCommit = RawJdbcAppend.synchronousCommit(options.postgresUrl(), options.postgresUsername(),
                        options.postgresPassword());
                if (synchronousCommit == null) {
                    throw new IllegalStateException("cannot connect to PostgreSQL at " + options.postgresUrl()
                            + " as " + options.postgresUsername());
                }
            }
            if (options.scale()) {
                scale = runScale(runDirectory);
                rebuild = scaleRebuild;
            } else if (options.targetsRunningServices()) {
                LedgerClient client = new LedgerClient(options.ledgerUrl(), options.queryUrl(), runningServicesKey());
                requireHealthy(options.ledgerUrl());
                requireHealthy(options.queryUrl());
                rawLimits.add(rawJdbcOnRunningServices());
                rawLimits.add(rawKafkaOnRunningServices());
                runs.addAll(runWorkloads(client, new CpuMeter(Map.of("bench", ProcessHandle.current().pid()))));
                rebuild = RebuildResult.failed("not measured: it starts a query-service of its own, which a run against"
                        + " services given by URL does not do");
                baselineSkippedReason = "needs control of the services (it restarts ledger-service with "
                        + BASELINE_ARGUMENT + "), which a run against services given by URL does not have";
            } else {
                try (EmbeddedSystem system = startSystem(runDirectory.resolve("system"), "ledger", "query", List.of())) {
                    rawLimits.add(measureRawJdbc(runDirectory));
                    rawLimits.add(measureRawKafka(system.bootstrapServers(), system.brokerAdminLogin()));
                    runs.addAll(runWorkloads(client(system), cpuMeter(system)));
                    rebuild = measureRebuild(system);
                    rawLimits.add(measureAudit(system));
                    progress("Stopping the system");
                }
                baseline = runBaseline(runDirectory.resolve("baseline"));
                if (baseline == null) {
                    baselineSkippedReason = "it failed, see the notes";
                }
            }
        } catch (RuntimeException exception) {
            fail("The run stopped early: " + exception.getMessage());
        } finally {
            cleanUp(runDirectory);
        }

        Setup setup = setup();
        RawLimit rawJdbc = rawLimits.stream().filter(limit -> limit.name().equals(RawJdbcAppend.NAME)).findFirst().orElse(null);
        RawLimit rawKafka = rawLimits.stream().filter(limit -> limit.name().equals(RawKafkaProduce.NAME)).findFirst().orElse(null);
        List<Ratio> ratios;
        List<TargetCheck> targets;
        if (options.scale()) {
            baselineSkippedReason = "the scale workload runs alone (--scale)";
            ratios = List.of();
            targets = new ArrayList<>(scale == null ? List.of() : Verdicts.scaleTargets(scale));
            targets.add(Verdicts.rebuildTarget(rebuild));
        } else {
            ratios = Verdicts.ratios(runs, baseline, rawJdbc, rawKafka);
            targets = new ArrayList<>(Verdicts.targets(setup, runs, baseline));
            targets.add(Verdicts.rebuildTarget(rebuild));
        }
        double totalSeconds = (System.nanoTime() - startNanos) / 1e9;
        BenchmarkReport report = new BenchmarkReport(startedAt.toString(), totalSeconds, commandLine, machine, setup,
                rawLimits, runs, baseline, baselineSkippedReason, rebuild, scale, ratios, targets, notes);
        write(report);
        return report;
    }

    /**
     * The scale workload on a system of its own, then what the event store shows: its size and the
     * long accounts' latest snapshots.
     */
    private ScaleResult runScale(Path runDirectory) throws InterruptedException {
        ScaleAccounts accounts = new ScaleAccounts(runId, options.scaleAccounts());
        ScaleResult scale;
        try (EmbeddedSystem system = startSystem(runDirectory.resolve("system"), "ledger", "query", List.of())) {
            progress(String.format(Locale.ROOT, "Scale workload: %,d accounts, %,d transfers through the batch endpoint"
                    + " with %d clients", options.scaleAccounts(), options.scaleTransfers(), options.batchClients()));
            scale = new ScaleWorkload(system, !options.usesExternalPostgres(), accounts, options.scaleTransfers(),
                    options.batchClients(), out).run();
            if (scale.completed()) {
                // The same rebuild as in every run, here on a topic of millions of records.
                scaleRebuild = measureRebuild(system);
            }
            // Read while the system runs: the embedded PostgreSQL stops with it.
            scale = readEventStore(scale, accounts, ledgerDatabase(system));
            progress("Stopping the system");
        }
        if (!scale.completed()) {
            fail("The scale workload stopped: " + scale.failure());
        }
        return scale;
    }

    private ScaleResult readEventStore(ScaleResult scale, ScaleAccounts accounts, PostgresDatabase database) {
        try {
            LedgerEventStore.Facts facts = LedgerEventStore.read(database.url(), database.username(), database.password(),
                    accounts.hotAccountId(), accounts.fundingAccountId());
            out.printf(Locale.ROOT, "        the event store holds %,d events; latest snapshots: hot merchant %s, funding account %s%n",
                    facts.events(), facts.firstSnapshotSequence(), facts.secondSnapshotSequence());
            return scale.withEventStore(facts.events(), facts.firstSnapshotSequence(), facts.secondSnapshotSequence());
        } catch (SQLException exception) {
            notes.add("Could not read the event store after the scale workload: " + exception.getMessage());
            return scale;
        }
    }

    /** ledger-service's database: the system's embedded one, or its schema on the PostgreSQL given by URL. */
    private PostgresDatabase ledgerDatabase(EmbeddedSystem system) {
        if (!options.usesExternalPostgres()) {
            return system.ledgerDatabase();
        }
        return new PostgresDatabase(PostgresSchemas.urlWithSchema(options.postgresUrl(), schemas.name(runId, "ledger")),
                options.postgresUsername(), options.postgresPassword());
    }

    /**
     * After the workloads, with the topic complete: the running query-service rebuilds its projections
     * from it and switches over. Cheap next to the standard workloads (seconds), so every run measures
     * it unless {@code --no-rebuild} was given.
     */
    private RebuildResult measureRebuild(EmbeddedSystem system) throws InterruptedException {
        if (!options.rebuild()) {
            return RebuildResult.failed(NO_REBUILD_REASON);
        }
        progress("Rebuilding the projections of the running query-service from the topic");
        try {
            RebuildResult rebuild = RebuildMeasurement.measure(system, cpuMeter(system), out);
            if (!rebuild.measured()) {
                fail("Rebuild: " + rebuild.failure());
                return rebuild;
            }
            out.printf(Locale.ROOT, "        %,d records in %.1f s from the request (%,.0f/s), %.1f s from the first event"
                            + " (%,.0f/s); trial balance %s%n",
                    rebuild.topicRecords(), rebuild.secondsFromStart(), orZero(rebuild.recordsPerSecondFromStart()),
                    rebuild.secondsFromFirstEvent(), orZero(rebuild.recordsPerSecondFromFirstEvent()),
                    rebuild.trialBalanceMatches() ? "matches the one before" : "DIFFERS from the one before");
            Double cpuPerThousand = rebuild.queryCpuMillisPerThousandRecords();
            if (cpuPerThousand != null) {
                out.printf(Locale.ROOT, "        query-service used %.2f cores: %.1f ms of CPU per 1,000 records%n",
                        rebuild.cpu().processCores().get("query-service"), cpuPerThousand);
            }
            if (!rebuild.trialBalanceMatches()) {
                fail("The rebuilt trial balance " + rebuild.rebuiltTrialBalance() + " is not the one before the rebuild "
                        + rebuild.liveTrialBalance());
            }
            return rebuild;
        } catch (RuntimeException exception) {
            fail("The rebuild failed: " + exception.getMessage());
            return RebuildResult.failed("it failed: " + exception.getMessage());
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private List<RunResult> runWorkloads(LedgerClient client, CpuMeter cpuMeter) throws InterruptedException {
        LoadRunner runner = new LoadRunner(client, cpuMeter, Duration.ofSeconds(options.warmupSeconds()),
                Duration.ofSeconds(options.durationSeconds()), out);
        Seeder seeder = new Seeder(client);
        List<RunResult> runs = new ArrayList<>();
        boolean warm = options.warmupSeconds() == 0;
        for (Workload workload : options.workloads()) {
            WorkloadAccounts accounts = WorkloadAccounts.of(runId, workload, options.payers(), options.merchants());
            try {
                seed(seeder, runner, accounts);
            } catch (RuntimeException exception) {
                fail("Seeding " + workload.label() + " failed, so it was not run: " + exception.getMessage());
                continue;
            }
            if (!warm) {
                warmUp(runner, accounts, options.endpoints());
                warm = true;
            }
            for (Endpoint endpoint : options.endpoints()) {
                int clients = endpoint.isBatch() ? options.batchClients() : options.clients();
                String name = workload.label() + " " + endpoint.label();
                runPhase(runs, name, () -> runner.closedLoop(new TransferFactory(accounts, phaseTag(endpoint)), workload, endpoint, clients));
            }
            if (options.runsOpenLoop()) {
                int rate = openLoopRate(workload, runs);
                String name = workload.label() + " single open loop " + rate + "/s";
                runPhase(runs, name, () -> runner.openLoop(new TransferFactory(accounts, "o"), workload, rate));
            }
        }
        return runs;
    }

    /**
     * The rate the open loop offers: as configured, or with auto half what the closed loop on the
     * single endpoint accepted, which is well below saturation yet a real load.
     */
    private int openLoopRate(Workload workload, List<RunResult> runs) {
        if (options.openLoopRatePerSecond() != BenchmarkOptions.OPEN_LOOP_RATE_AUTO) {
            return options.openLoopRatePerSecond();
        }
        double closedRate = runs.stream()
                .filter(run -> run.workload().equals(workload.label()) && run.endpoint().equals(Endpoint.SINGLE.label())
                        && !run.isOpenLoop())
                .mapToDouble(RunResult::acceptedPerSecond)
                .findFirst()
                .orElse(0);
        if (closedRate <= 0) {
            notes.add("The open loop of " + workload.label() + " offered " + OPEN_LOOP_RATE_FALLBACK
                    + " transfers/s: there was no closed-loop single run to take half of.");
            return OPEN_LOOP_RATE_FALLBACK;
        }
        return (int) Math.max(OPEN_LOOP_RATE_MIN, Math.round(closedRate / 2 / 10) * 10);
    }

    /** Drives each endpoint once, unmeasured, before the first measured run on a freshly started system. */
    private void warmUp(LoadRunner runner, WorkloadAccounts accounts, List<Endpoint> endpoints) throws InterruptedException {
        for (Endpoint endpoint : endpoints) {
            progress(String.format(Locale.ROOT, "Warming up the JVMs: %s %s for %d s, not measured", accounts.workload().label(),
                    endpoint.label(), options.warmupSeconds()));
            int clients = endpoint.isBatch() ? options.batchClients() : options.clients();
            try {
                runner.warmUp(new TransferFactory(accounts, "w" + phaseTag(endpoint)), accounts.workload(), endpoint, clients);
            } catch (RuntimeException exception) {
                fail("Warming up through " + endpoint.label() + " failed: " + exception.getMessage());
            }
        }
    }

    private RunResult runBaseline(Path directory) throws InterruptedException {
        if (!options.workloads().contains(Workload.UNIFORM) || !options.endpoints().contains(Endpoint.SINGLE)) {
            notes.add("The baseline ran although uniform or single was not selected: it is always uniform through the single endpoint.");
        }
        try (EmbeddedSystem system = startSystem(directory, "bledger", "bquery", List.of(BASELINE_ARGUMENT))) {
            LedgerClient client = client(system);
            WorkloadAccounts accounts = WorkloadAccounts.of(runId, Workload.UNIFORM, options.payers(), options.merchants());
            LoadRunner runner = new LoadRunner(client, cpuMeter(system), Duration.ofSeconds(options.warmupSeconds()),
                    Duration.ofSeconds(options.durationSeconds()), out);
            seed(new Seeder(client), runner, accounts);
            if (options.warmupSeconds() > 0) {
                warmUp(runner, accounts, List.of(Endpoint.SINGLE));
            }
            List<RunResult> result = new ArrayList<>(1);
            runPhase(result, "baseline uniform single (group commit off)",
                    () -> runner.closedLoop(new TransferFactory(accounts, "x"), Workload.UNIFORM, Endpoint.SINGLE, options.clients()));
            progress("Stopping the baseline system");
            return result.isEmpty() ? null : result.get(0);
        } catch (RuntimeException exception) {
            fail("The baseline failed: " + exception.getMessage());
            return null;
        }
    }

    private void runPhase(List<RunResult> runs, String name, LoadPhase phaseBody) throws InterruptedException {
        phase++;
        progress(String.format(Locale.ROOT, "[%d/%d] %s: %d s warm-up, %d s measured", phase, phaseCount, name,
                options.warmupSeconds(), options.durationSeconds()));
        try {
            RunResult run = phaseBody.run();
            runs.add(run);
            out.printf(Locale.ROOT, "        %,.0f accepted/s, %,.0f rejected/s, latency p50 %.2f ms p99 %.2f ms, lag p99 %.0f ms"
                            + " (%d samples), machine CPU %s%n",
                    run.acceptedPerSecond(), run.rejectedPerSecond(), run.latency().p50Millis(), run.latency().p99Millis(),
                    run.lag().p99Millis(), run.lag().samples(),
                    run.cpu().machineBusyPercent() == null ? "n/a" : String.format(Locale.ROOT, "%.0f %%", run.cpu().machineBusyPercent()));
            if (run.errors() > 0) {
                out.printf(Locale.ROOT, "        %,d transfers failed, first: %s%n", run.errors(), run.errorSamples());
            }
        } catch (RuntimeException exception) {
            fail(name + " failed: " + exception.getMessage());
        }
    }

    private void seed(Seeder seeder, LoadRunner runner, WorkloadAccounts accounts) throws InterruptedException {
        int accountCount = accounts.payerCount() + accounts.payeeCount() + 1;
        progress(String.format(Locale.ROOT, "Seeding %s: opening %,d accounts%s", accounts.workload().label(), accountCount,
                accounts.payersNeedFunds() ? " and funding the payers" : ""));
        long startNanos = System.nanoTime();
        Map<String, Long> seeded = seeder.seed(accounts);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        seedingSeconds.merge(accounts.workload().label(), seconds, (first, second) -> first);
        // The first run should not share the machine with the projection of the seeding.
        Double catchUpSeconds = runner.awaitProjection(seeded);
        out.printf(Locale.ROOT, "        done in %.1f s; query-service caught up %s%n", seconds,
                catchUpSeconds == null ? "NOT within the deadline" : String.format(Locale.ROOT, "%.1f s later", catchUpSeconds));
    }

    private EmbeddedSystem startSystem(Path directory, String ledgerSchemaPart, String querySchemaPart, List<String> ledgerExtra) {
        List<String> ledgerArguments = new ArrayList<>(ledgerExtra);
        List<String> queryArguments = new ArrayList<>();
        if (options.usesExternalPostgres()) {
            ledgerArguments.addAll(postgresArguments(schemas.name(runId, ledgerSchemaPart)));
            queryArguments.addAll(postgresArguments(schemas.name(runId, querySchemaPart)));
        }
        EmbeddedSystem.Settings settings = EmbeddedSystem.Settings.defaults(directory)
                .withServicesDirectory(servicesDirectory)
                .withPorts(0, 0, 0, 0, 0)
                .withLedgerArguments(ledgerArguments)
                .withQueryArguments(queryArguments);
        progress("Starting the system in " + directory + (ledgerExtra.isEmpty() ? "" : " with " + String.join(" ", ledgerExtra)));
        EmbeddedSystem system = EmbeddedSystem.start(settings);
        out.printf(Locale.ROOT, "        ledger-service %s (pid %d), query-service %s (pid %d), Kafka %s (pid %d)%n",
                system.ledgerUrl(), system.ledgerPid(), system.queryUrl(), system.queryPid(), system.bootstrapServers(),
                system.brokerPid());
        if (!options.usesExternalPostgres()) {
            PostgresDatabase database = system.ledgerDatabase();
            out.printf(Locale.ROOT, "        PostgreSQL %s (pid %d)%n", database.url(), system.postgresPid());
            if (synchronousCommit == null) {
                synchronousCommit = RawJdbcAppend.synchronousCommit(database.url(), database.username(), database.password());
            }
        }
        return system;
    }

    private List<String> postgresArguments(String schema) {
        return List.of(
                "--spring.datasource.url=" + PostgresSchemas.urlWithSchema(options.postgresUrl(), schema),
                "--spring.datasource.username=" + options.postgresUsername(),
                "--spring.datasource.password=" + options.postgresPassword(),
                "--spring.flyway.default-schema=" + schema);
    }

    /** After the workloads and the rebuild: the audit of every event the run stored. */
    private RawLimit measureAudit(EmbeddedSystem system) throws InterruptedException {
        progress("Auditing the event chains of the whole event store (GET /admin/audit)");
        RawLimit audit = AuditMeasurement.measure(system, out);
        if (!audit.measured()) {
            fail("Event audit: " + audit.skippedReason());
        } else {
            out.printf(Locale.ROOT, "  audit: %,d events verified in %.1f s, %,.0f events/s%n", audit.count(),
                    audit.seconds(), audit.ratePerSecond());
        }
        return audit;
    }

    private RawLimit measureRawJdbc(Path runDirectory) {
        progress("Raw JDBC batch insert with 1, 2, 4 and 8 writers, " + options.rawSeconds() + " s each");
        RawLimit limit = options.usesExternalPostgres()
                ? rawJdbcOnPostgres()
                : rawJdbcOnEmbeddedPostgres(runDirectory.resolve("raw"));
        printLimit(limit);
        return limit;
    }

    /**
     * The raw insert on a PostgreSQL server of its own, started as the system starts its own, with
     * its cluster in the run's directory; stopped again afterwards. The system's server is not used:
     * the benchmark holds no superuser login to it.
     */
    private RawLimit rawJdbcOnEmbeddedPostgres(Path directory) {
        String password = PostgresServer.newPassword();
        PostgresSettings settings = PostgresSettings.of(directory.resolve("postgres"), 0, directory.resolve("postgres.log"),
                password).withUserUnderRoot(System.getenv(POSTGRES_USER_VARIABLE));
        PostgresServer server;
        try {
            server = PostgresServer.start(settings);
        } catch (RuntimeException exception) {
            return RawLimit.skipped(RawJdbcAppend.NAME, "rows", "cannot start PostgreSQL in " + directory + ": "
                    + exception.getMessage());
        }
        try {
            return RawJdbcAppend.measure(server.jdbcUrl("postgres"), PostgresServer.SUPERUSER, password, options.rawSeconds(),
                    "embedded PostgreSQL server of its own, same settings as the system's (fsync and synchronous_commit on)");
        } finally {
            server.close();
        }
    }

    private RawLimit rawJdbcOnRunningServices() {
        if (!options.usesExternalPostgres()) {
            return RawLimit.skipped(RawJdbcAppend.NAME, "rows", "skipped: the database of services given by URL is unknown;"
                    + " give --postgres-url to measure that PostgreSQL");
        }
        progress("Raw JDBC batch insert with 1, 2, 4 and 8 writers, " + options.rawSeconds() + " s each");
        RawLimit limit = rawJdbcOnPostgres();
        printLimit(limit);
        return limit;
    }

    private RawLimit rawJdbcOnPostgres() {
        String schema = schemas.name(runId, "raw");
        try {
            schemas.create(schema);
        } catch (SQLException exception) {
            return RawLimit.skipped(RawJdbcAppend.NAME, "rows", "cannot create schema " + schema + ": " + exception.getMessage());
        }
        return RawJdbcAppend.measure(PostgresSchemas.urlWithSchema(options.postgresUrl(), schema), options.postgresUsername(),
                options.postgresPassword(), options.rawSeconds(), "PostgreSQL, scratch schema " + schema);
    }

    /**
     * The broker of services given by URL logs in its super user with the password in
     * {@value #BROKER_PASSWORD_VARIABLE}, as docker-compose.yml names it (or the content of the
     * launcher's {@code DATA/credentials/kafka-broker.password}).
     */
    private RawLimit rawKafkaOnRunningServices() {
        if (options.bootstrapServers() == null) {
            return RawLimit.skipped(RawKafkaProduce.NAME, "records",
                    "skipped: running services given by URL; give --bootstrap-servers to measure their broker");
        }
        String password = System.getenv(BROKER_PASSWORD_VARIABLE);
        if (password == null || password.isBlank()) {
            return RawLimit.skipped(RawKafkaProduce.NAME, "records", "skipped: the broker takes logins only; set "
                    + BROKER_PASSWORD_VARIABLE + " to the password of its super user '" + KafkaLogin.BROKER_USERNAME + "'");
        }
        return measureRawKafka(options.bootstrapServers(),
                new KafkaLogin(KafkaLogin.BROKER_USERNAME, password.trim(), KafkaLogin.PLAIN));
    }

    private RawLimit measureRawKafka(String bootstrapServers, KafkaLogin login) {
        progress("Raw Kafka produce for " + options.rawSeconds() + " s");
        RawLimit limit = RawKafkaProduce.measure(bootstrapServers, login, "bench-raw-" + runId, options.rawSeconds());
        printLimit(limit);
        return limit;
    }

    private void printLimit(RawLimit limit) {
        if (limit.measured()) {
            out.printf(Locale.ROOT, "        %,.0f %s/s%n", limit.ratePerSecond(), limit.unit());
        } else {
            out.println("        not measured: " + limit.skippedReason());
            if (!limit.skippedReason().startsWith("skipped")) {
                fail(limit.name() + " " + limit.skippedReason());
            }
        }
    }

    private Setup setup() {
        String database;
        if (options.usesExternalPostgres()) {
            database = "PostgreSQL at " + options.postgresUrl() + " (synchronous_commit=" + synchronousCommit + ")";
        } else if (options.targetsRunningServices()) {
            database = "whatever the running services use";
        } else {
            database = "embedded PostgreSQL, started with the system (the embedded default; synchronous_commit="
                    + (synchronousCommit == null ? "not read" : synchronousCommit) + ")";
        }
        String system = options.targetsRunningServices()
                ? "running services at " + options.ledgerUrl() + " and " + options.queryUrl()
                : "started by the benchmark: PostgreSQL, a Kafka broker, ledger-service and query-service as child processes"
                        + " on this machine";
        List<Setup.WorkloadSetup> workloads = new ArrayList<>();
        for (Workload workload : options.scale() ? List.<Workload>of() : options.workloads()) {
            workloads.add(new Setup.WorkloadSetup(workload.label(), workload.description(), options.payers(),
                    workload.payeeCount(options.merchants()), seedingSeconds.getOrDefault(workload.label(), 0.0)));
        }
        return new Setup(database, system, !options.targetsRunningServices(), options.usesExternalPostgres(), synchronousCommit,
                options.durationSeconds(), options.warmupSeconds(), options.clients(), options.batchClients(),
                options.openLoopRatePerSecond(), workloads);
    }

    private void write(BenchmarkReport report) {
        try {
            Files.createDirectories(options.reportDirectory());
            Path markdown = options.reportDirectory().resolve(REPORT_MARKDOWN);
            Path json = options.reportDirectory().resolve(REPORT_JSON);
            Files.writeString(markdown, MarkdownReport.render(report), StandardCharsets.UTF_8);
            Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
            out.println();
            out.println("Report: " + markdown);
            out.println("        " + json);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write the report into " + options.reportDirectory(), exception);
        }
    }

    private void cleanUp(Path runDirectory) {
        if (schemas != null) {
            for (String failure : schemas.dropAll()) {
                notes.add("Could not drop PostgreSQL schema " + failure);
            }
        }
        if (options.keepData() || !Files.isDirectory(runDirectory)) {
            if (Files.isDirectory(runDirectory)) {
                notes.add("Data kept in " + runDirectory + ".");
            }
            return;
        }
        // The databases and Kafka's files can take gigabytes after a long run; the logs are kept for a look afterwards.
        try {
            deleteTree(runDirectory.resolve("raw").resolve("postgres"));
            for (String system : List.of("system", "baseline")) {
                Path systemDirectory = runDirectory.resolve(system);
                if (!Files.isDirectory(systemDirectory)) {
                    continue;
                }
                try (Stream<Path> children = Files.list(systemDirectory)) {
                    for (Path child : children.filter(path -> !path.getFileName().toString().equals("logs")).toList()) {
                        deleteTree(child);
                    }
                }
            }
            notes.add("The logs are in " + runDirectory + " (system/logs, baseline/logs, raw/postgres.log); the data was deleted.");
        } catch (IOException | UncheckedIOException exception) {
            notes.add("Could not delete all data in " + runDirectory + ": " + exception.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> doomed;
        try (Stream<Path> paths = Files.walk(root)) {
            doomed = paths.limit(DELETED_FILES_MAX).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : doomed) {
            Files.deleteIfExists(path);
        }
    }

    private void requireHealthy(URI baseUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/actuator/health")).timeout(HEALTH_TIMEOUT).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException(request.uri() + " answered HTTP " + status + ", not 200");
            }
        } catch (IOException exception) {
            throw new IllegalStateException("cannot reach " + request.uri() + ": " + exception, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + request.uri(), exception);
        }
    }

    private void fail(String message) {
        failures.add(message);
        notes.add("FAILED: " + message);
        out.println("        FAILED: " + message);
    }

    private void progress(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }

    private long estimatedMinutes() {
        long perRunSeconds = options.warmupSeconds() + options.durationSeconds();
        // On a small machine a system starts in about half a minute, and 10,000 payers are seeded in about as long.
        long systems = options.targetsRunningServices() ? 0 : 2;
        long systemsSeconds = systems * 30;
        long seedingSecondsEstimate = (options.workloads().size() + systems / 2) * Math.max(5, options.payers() * 30L / 10_000);
        long jitWarmupSeconds = (options.endpoints().size() + systems / 2) * (long) options.warmupSeconds();
        long rawSeconds = 5L * options.rawSeconds();
        long totalSeconds = phaseCount * perRunSeconds + systemsSeconds + seedingSecondsEstimate + jitWarmupSeconds + rawSeconds;
        return Math.max(1, Math.round(totalSeconds / 60.0));
    }

    /** On running services given by URL, the key comes from MICRO_LEDGER_KEY. */
    private static String runningServicesKey() {
        String key = System.getenv("MICRO_LEDGER_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("running services need a key: set MICRO_LEDGER_KEY to one with the roles "
                    + "payments, treasury, accounts, support and operator (./micro-ledger keys create)");
        }
        return key.trim();
    }

    private static LedgerClient client(EmbeddedSystem system) {
        return new LedgerClient(URI.create(system.ledgerUrl()), URI.create(system.queryUrl()), BenchKeys.forSystem(system));
    }

    private CpuMeter cpuMeter(EmbeddedSystem system) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("ledger-service", system.ledgerPid());
        pids.put("query-service", system.queryPid());
        pids.put("kafka", system.brokerPid());
        pids.put("bench", ProcessHandle.current().pid());
        if (!options.usesExternalPostgres()) {
            // The server, its backends and workers: one per connection, so the whole process tree counts.
            pids.put("postgres", system.postgresPid());
            return new CpuMeter(pids, java.util.Set.of("postgres"));
        }
        return new CpuMeter(pids);
    }

    private static String phaseTag(Endpoint endpoint) {
        return endpoint.isBatch() ? "b" + endpoint.batchSize() : "s";
    }

    /** The epoch second in base 36 and two random characters: short enough for account ids, unique per run. */
    private static String newRunId() {
        String random = Integer.toString(36 + ThreadLocalRandom.current().nextInt(36 * 36 - 36), Character.MAX_RADIX);
        return "b" + Long.toString(Instant.now().getEpochSecond(), Character.MAX_RADIX) + random;
    }

    /** One measured run that may be interrupted. */
    @FunctionalInterface
    private interface LoadPhase {
        RunResult run() throws InterruptedException;
    }
}
