package dev.microledger.bench;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.microledger.bench.fault.FaultReport;
import dev.microledger.bench.fault.FaultRun;
import dev.microledger.bench.fault.FaultRunOptions;
import dev.microledger.launcher.EmbeddedSystem;

/**
 * {@code java -jar ledger-bench.jar}: benchmarks the micro-ledger on this machine and writes
 * report.md and report.json. See {@link BenchmarkOptions#USAGE} for the options and
 * {@code ledger-bench/README.md} for what each number means. {@code java -jar ledger-bench.jar --fault-run}
 * runs the fault run instead ({@link FaultRun}).
 */
public final class Benchmark {

    static final String PROGRAM = "micro-ledger-bench";

    private static final String MASK = "****";
    private static final int EXIT_FAILURE = 1;
    private static final int EXIT_USAGE = 2;

    private Benchmark() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        if (arguments.length > 0 && arguments[0].equals(FaultRunOptions.FLAG)) {
            System.exit(runFaults(arguments));
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(baseDirectory(), arguments);
        } catch (IllegalArgumentException exception) {
            System.err.println(PROGRAM + ": " + exception.getMessage());
            System.err.println();
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        BenchmarkRun run;
        try {
            run = run(options, commandLine(arguments), System.out);
        } catch (RuntimeException exception) {
            System.err.println(PROGRAM + ": " + exception.getMessage());
            System.exit(EXIT_FAILURE);
            return;
        }
        if (run.failed()) {
            System.err.println(PROGRAM + ": some phases failed; see the notes in the report");
            System.exit(EXIT_FAILURE);
        }
    }

    /**
     * The fault run: {@code --fault-run} and its options.
     *
     * @return the exit code: 0 when every check passed
     */
    static int runFaults(String... arguments) throws InterruptedException {
        FaultRunOptions options;
        try {
            options = FaultRunOptions.parse(baseDirectory(), System.currentTimeMillis(),
                    Arrays.copyOfRange(arguments, 1, arguments.length));
        } catch (IllegalArgumentException exception) {
            System.err.println(PROGRAM + ": " + exception.getMessage());
            System.err.println();
            System.err.println(FaultRunOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            System.out.println(FaultRunOptions.USAGE);
            return 0;
        }
        FaultReport report;
        try {
            report = new FaultRun(options, commandLine(arguments), System.out, servicesDirectory()).run();
        } catch (RuntimeException exception) {
            System.err.println(PROGRAM + ": " + exception.getMessage());
            return EXIT_FAILURE;
        }
        if (!report.outcome().passed()) {
            System.err.println(PROGRAM + ": the fault run failed; see the failures in the report");
            return EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * Runs the benchmark as the command line would, without exiting the JVM.
     *
     * @param options the parsed options
     * @param commandLine the command as it is to appear in the report
     * @param out where the progress lines go
     * @return the run, which tells whether any phase failed
     */
    static BenchmarkRun run(BenchmarkOptions options, String commandLine, PrintStream out) throws InterruptedException {
        BenchmarkRun run = new BenchmarkRun(options, commandLine, out, servicesDirectory());
        run.run();
        return run;
    }

    /**
     * The command as typed, to repeat the run from the report; the PostgreSQL password is masked
     * because the report is meant to be shared.
     */
    static String commandLine(String... arguments) {
        StringBuilder line = new StringBuilder(PROGRAM);
        boolean maskNext = false;
        for (String argument : arguments) {
            String shown = quote(argument);
            if (maskNext) {
                shown = MASK;
                maskNext = false;
            } else if (argument.equals("--postgres-password")) {
                maskNext = true;
            } else if (argument.startsWith("--postgres-password=")) {
                shown = "--postgres-password=" + MASK;
            }
            line.append(' ').append(shown);
        }
        return line.toString();
    }

    /**
     * Where the services' jars are: the system property {@value EmbeddedSystem#SERVICES_DIRECTORY_PROPERTY},
     * else {@code services/} beside this jar (or beside the classes directory in a build), where the build copies them.
     */
    static Path servicesDirectory() {
        String configured = System.getProperty(EmbeddedSystem.SERVICES_DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return baseDirectory().resolve("services");
    }

    /** The directory this jar (or the classes directory) is in: {@code ledger-bench/target} in a build. */
    static Path baseDirectory() {
        try {
            Path codeSource = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toAbsolutePath().getParent();
        } catch (URISyntaxException exception) {
            throw new IllegalStateException("cannot tell where the benchmark's jar is", exception);
        }
    }

    private static String quote(String argument) {
        if (!argument.isEmpty() && argument.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=.,:/@+".indexOf(c) >= 0)) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
