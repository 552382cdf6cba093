package dev.microledger.bench;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;

import dev.microledger.launcher.EmbeddedSystem;

/**
 * {@code java -jar ledger-bench.jar}: benchmarks the micro-ledger on this machine and writes
 * report.md and report.json. See {@link BenchmarkOptions#USAGE} for the options and
 * {@code ledger-bench/README.md} for what each number means.
 */
public final class Benchmark {

    static final String PROGRAM = "micro-ledger-bench";

    private static final String MASK = "****";
    private static final int EXIT_FAILURE = 1;
    private static final int EXIT_USAGE = 2;

    private Benchmark() {
    }

    public static void main(String[] arguments) throws InterruptedException {
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
