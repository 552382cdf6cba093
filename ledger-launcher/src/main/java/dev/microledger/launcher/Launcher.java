package dev.microledger.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import dev.microledger.launcher.demo.DemoPlan;
import dev.microledger.launcher.demo.DemoPlanner;
import dev.microledger.launcher.demo.DemoSeeder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ledger-launcher.jar}: runs the whole micro-ledger on this machine until
 * Ctrl-C. See {@link LauncherOptions#USAGE} for the options and {@link EmbeddedSystem} for what
 * runs where. {@code java -jar ledger-launcher.jar rebuild-projections} rebuilds the projections
 * of a running query-service instead ({@link RebuildCommand}).
 */
public final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private static final int EXIT_FAILURE = 1;
    private static final int EXIT_USAGE = 2;

    private Launcher() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        if (arguments.length > 0 && arguments[0].equals(KeysCommand.NAME)) {
            System.exit(KeysCommand.run(Arrays.copyOfRange(arguments, 1, arguments.length), System.out, System.err));
            return;
        }
        if (arguments.length > 0 && arguments[0].equals(RebuildCommand.NAME)) {
            System.exit(RebuildCommand.run(Arrays.copyOfRange(arguments, 1, arguments.length), System.out, System.err));
            return;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(arguments);
        } catch (IllegalArgumentException exception) {
            System.err.println("micro-ledger: " + exception.getMessage());
            System.err.println();
            System.err.println(LauncherOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.println(LauncherOptions.USAGE);
            return;
        }

        EmbeddedSystem system;
        try {
            system = EmbeddedSystem.start(options.toSettings(EmbeddedSystem.defaultServicesDirectory()));
        } catch (RuntimeException exception) {
            if (isShuttingDown()) {
                log.info("Stopped while starting");
                return;
            }
            log.error("micro-ledger did not start: {}", exception.getMessage());
            System.exit(EXIT_FAILURE);
            return;
        }
        // The broker's own shutdown hook stops the services before itself as well; whichever
        // hook runs first does the ordered stop and the other waits for it.
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "micro-ledger-shutdown"));
        printBanner(system, System.out, !options.demo());
        if (options.demo()) {
            seedDemo(system, System.out);
        }

        // A process that dies is started again on its own, and the rest goes on; this returns once the system closes.
        system.supervise();
    }

    /**
     * Says where the system runs. {@code ready} is false while the demo is still to be seeded: then
     * the dashboard's address waits until the data is in (see {@link #seedDemo}), as a dashboard
     * opened before would show empty or half-filled months.
     */
    static void printBanner(EmbeddedSystem system, PrintStream out, boolean ready) {
        EmbeddedSystem.Settings settings = system.settings();
        out.println();
        out.println("micro-ledger is running");
        out.printf("  ledger-service  %-26s pid %-8d log %s%n", system.ledgerUrl(), system.ledgerPid(), settings.ledgerLogFile());
        out.printf("  query-service   %-26s pid %-8d log %s%n", system.queryUrl(), system.queryPid(), settings.queryLogFile());
        out.printf("  PostgreSQL      %-26s pid %-8d log %s%n", "127.0.0.1:" + settings.postgresPort(), system.postgresPid(),
                settings.postgresLogFile());
        out.printf("  Kafka           %-26s pid %-8d log %s%n", system.bootstrapServers(), system.brokerPid(), settings.kafkaLogFile());
        out.printf("  data            %s%n", settings.dataDirectory());
        out.println();
        Credentials credentials = system.credentials();
        if (credentials.adminKeyIsNew()) {
            out.println("Admin key (shown this once; kept in " + credentials.adminKeyFile() + ", readable by you alone):");
            out.println("  " + credentials.adminKey());
            out.println("Make keys for your services with it: ./micro-ledger keys create --name paywall --roles payments");
            out.println();
        }
        if (ready) {
            out.println("Dashboard: " + system.queryUrl() + "/");
        }
        out.println("Try: curl " + system.ledgerUrl() + "/actuator/health");
        if (ready) {
            out.println("Press Ctrl-C to stop.");
        }
        out.println();
        out.flush();
    }

    /** How long query-service may take to project the seeded month once the last command is in. */
    private static final Duration DEMO_CATCH_UP_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Seeds the demo's month of history into a new ledger and says what it holds. A failure is
     * reported but leaves the system running: it is still a ledger, with whatever was seeded.
     *
     * @return what the seeding did, or null when it failed
     */
    static DemoSeeder.Result seedDemo(EmbeddedSystem system, PrintStream out) {
        // The history ends a minute ago: the demo clock never runs ahead of the real time.
        Instant end = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        DemoPlan plan = DemoPlanner.plan(DemoPlanner.DEFAULT_SEED, end);
        out.printf("Seeding %d days of demo micropayments (%,d transfers planned)...%n", DemoPlanner.DAYS, plan.transfers().size());
        out.flush();
        DemoSeeder.Result result;
        try {
            String seederKey = system.keptKey("demo-seeder.key", "demo seeder", "treasury", "accounts", "operator", "support");
            result = new DemoSeeder(system.ledgerUrl(), system.queryUrl(), seederKey).seed(plan, DEMO_CATCH_UP_TIMEOUT);
        } catch (IllegalStateException exception) {
            log.error("Seeding the demo failed: {}", exception.getMessage());
            // The system runs on with what was seeded; its dashboard is still where it is.
            out.println();
            printDashboardKeys(system, out);
            out.println("Dashboard (the demo's month is incomplete): " + system.queryUrl() + "/#/account/alice");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            return null;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (result.outcome() == DemoSeeder.Outcome.ALREADY_HAS_HISTORY) {
            out.println("This ledger already has history, so the demo seeds nothing: its clock only moves forward once");
            out.println("the ledger holds events. Start with a new --data-dir (or delete " + system.settings().dataDirectory()
                    + ") to seed again.");
        } else {
            out.printf("Seeded in %.1f s with %,d requests:%n", result.elapsed().toMillis() / 1000.0, result.requests());
            result.report().lines().forEach(out::println);
            if (result.mismatchCount() > 0) {
                out.printf("  %d answers differed from the plan, for instance: %s%n", result.mismatchCount(), result.mismatches());
            }
        }
        out.println();
        printDashboardKeys(system, out);
        out.println("Dashboard: " + system.queryUrl() + "/#/account/alice   analyst view: " + system.queryUrl() + "/#/analyst");
        out.println("Press Ctrl-C to stop.");
        out.println();
        out.flush();
        return result;
    }

    /** The keys to sign in to the dashboard with, kept in the data directory so that every start shows the same. */
    static void printDashboardKeys(EmbeddedSystem system, PrintStream out) {
        try {
            String support = system.keptKey("dashboard-support.key", "dashboard support", "support");
            String analyst = system.keptKey("dashboard-analyst.key", "dashboard analyst", "analyst");
            out.println("Dashboard keys (kept in " + system.credentials().directory() + "):");
            out.println("  support  " + support);
            out.println("  analyst  " + analyst);
        } catch (IllegalStateException exception) {
            log.error("Making the dashboard's keys failed: {}", exception.getMessage());
        }
    }

    // Runtime offers no query for this, but refuses new hooks once shutdown has begun: a child
    // that exited because Ctrl-C is stopping everything is no failure worth reporting.
    private static boolean isShuttingDown() {
        Thread probe = new Thread(() -> { }, "shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException exception) {
            return true;
        }
    }
}
