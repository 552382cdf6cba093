package dev.microledger.launcher;

import java.io.PrintStream;
import java.util.Arrays;

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
        printBanner(system, System.out);

        String exited = system.awaitFirstExit();
        if (system.isClosing() || isShuttingDown()) {
            return;
        }
        log.error("{} exited unexpectedly; see its log in {}. Stopping the rest.", exited, system.settings().logDirectory());
        system.close();
        System.exit(EXIT_FAILURE);
    }

    static void printBanner(EmbeddedSystem system, PrintStream out) {
        EmbeddedSystem.Settings settings = system.settings();
        out.println();
        out.println("micro-ledger is running");
        out.printf("  ledger-service  %-26s pid %-8d log %s%n", system.ledgerUrl(), system.ledgerPid(), settings.ledgerLogFile());
        out.printf("  query-service   %-26s pid %-8d log %s%n", system.queryUrl(), system.queryPid(), settings.queryLogFile());
        out.printf("  Kafka           %-26s pid %-8d log %s%n", system.bootstrapServers(), system.brokerPid(), settings.kafkaLogFile());
        out.printf("  data            %s%n", settings.dataDirectory());
        out.println();
        out.println("Try: curl " + system.ledgerUrl() + "/actuator/health");
        out.println("Press Ctrl-C to stop.");
        out.println();
        out.flush();
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
