package dev.microledger.bench.fault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of the fault run ({@code micro-ledger-bench --fault-run}). Every number has a
 * range, so a typo cannot start a run that takes a day.
 *
 * @param kills                  how many kills the run makes
 * @param seed                   the seed of the kill schedule (kinds and pauses) and of the load's choices
 * @param kinds                  the kinds of kill dealt, every one once per round
 * @param clients                load clients, each a thread with one request (single or batch) in flight
 * @param thinkMillis            how long each client waits after an answer before its next request
 * @param payers                 USER accounts that pay; two of them are kept near their floor
 * @param merchants              MERCHANT accounts that are paid
 * @param pauseMinSeconds        the shortest undisturbed load between a recovery and the next kill
 * @param pauseMaxSeconds        the longest
 * @param recoveryTimeoutSeconds how long one kill may take to recover before the run stops killing
 * @param dataDirectory          where the run's data directory is made
 * @param reportDirectory        where fault-report.md and fault-report.json are written
 * @param keepData               whether the databases and Kafka files are kept after the run (the logs always are)
 * @param help                   whether only the usage was asked for
 */
public record FaultRunOptions(
        int kills,
        long seed,
        List<KillKind> kinds,
        int clients,
        int thinkMillis,
        int payers,
        int merchants,
        int pauseMinSeconds,
        int pauseMaxSeconds,
        int recoveryTimeoutSeconds,
        Path dataDirectory,
        Path reportDirectory,
        boolean keepData,
        boolean help) {

    /** The word that turns micro-ledger-bench into the fault run; it comes first. */
    public static final String FLAG = "--fault-run";

    public static final String USAGE = """
            Usage: micro-ledger-bench --fault-run [options]

            Starts the micro-ledger as ./micro-ledger does (the launcher in its own JVM, with PostgreSQL,
            a Kafka broker, ledger-service and query-service under it), puts a load of transfers on it
            from several clients that retry the same ids until they get an answer, and meanwhile kills
            the broker, ledger-service, query-service, or the whole system (the launcher, or the launcher
            and every process under it at once) with SIGKILL, at random moments, one kill after the
            other has recovered.
            The launcher starts a killed child again itself; after a whole-system kill the run starts
            the launcher again on the same data. Each kill's recovery is timed: until a payment is
            accepted again, and until query-service shows everything acknowledged by then.

            Afterwards it checks that every acknowledged transfer is in the event store and in
            query-service's entries exactly once, that every balance is the sum of the acknowledged
            transfers and never went under its floor, that the trial balance is zero, that the
            projection equals a rebuild from the topic, table by table and row by row, and that the
            event store's chains verify (GET /admin/audit); then writes fault-report.md and
            fault-report.json.

            Options:
              --kills N                    kills in the run (default 100, 1..1000)
              --seed N                     seed of the kill schedule and the load (default: the clock's)
              --kinds LIST                 of broker,ledger-service,query-service,launcher,all-processes
                                           (default all five); each round kills the broker, ledger-service,
                                           query-service and the whole system once, in random order, the
                                           whole system as launcher and all-processes in turn
              --clients N                  load clients (default 4, 1..64)
              --think-millis N             each client's pause after an answer before its next request
                                           (default 100, 0..10000): the load stays below what the machine
                                           takes, so a recovery is timed on a working system, not a queue
              --payers N                   paying USER accounts (default 20, 4..1000); payer-1 and payer-2 get
                                           3 USD, payer-3 is postpaid with a credit limit of 5 USD, and one
                                           payment in ten comes from one of them, so floors are pressed on
              --merchants N                paid MERCHANT accounts (default 5, 1..1000)
              --pause-min-seconds N        load between a recovery and the next kill, at least (default 1, 0..600)
              --pause-max-seconds N        and at most (default 5, 0..600)
              --recovery-timeout-seconds N the longest one kill may take to recover; past it the run stops
                                           killing and goes on to the checks (default 300, 10..3600)
              --data-dir DIR               where the run's data directory is made (default beside the jar:
                                           ledger-bench/target/fault-data)
              --report-dir DIR             where the reports go (default ledger-bench/target/fault-report)
              --keep-data                  keep the databases and Kafka files (the logs are always kept)
              --help                       print this help and exit

            Values follow the option as the next word or after '='.""";

    static final int DEFAULT_KILLS = 100;
    static final int DEFAULT_CLIENTS = 4;
    static final int DEFAULT_THINK_MILLIS = 100;
    static final int DEFAULT_PAYERS = 20;
    static final int DEFAULT_MERCHANTS = 5;
    static final int DEFAULT_PAUSE_MIN_SECONDS = 1;
    static final int DEFAULT_PAUSE_MAX_SECONDS = 5;
    static final int DEFAULT_RECOVERY_TIMEOUT_SECONDS = 300;

    static final int KILLS_MAX = 1000;
    static final int CLIENTS_MAX = 64;
    static final int THINK_MILLIS_MAX = 10_000;
    static final int PAYERS_MIN = 4;
    static final int ACCOUNTS_MAX = 1000;
    static final int PAUSE_SECONDS_MAX = 600;
    static final int RECOVERY_TIMEOUT_SECONDS_MIN = 10;
    static final int RECOVERY_TIMEOUT_SECONDS_MAX = 3600;

    /** Every option once with its value: anything longer is a mistake. */
    private static final int ARGUMENT_COUNT_MAX = 32;
    private static final int TEXT_LENGTH_MAX = 1024;

    public FaultRunOptions {
        kinds = List.copyOf(kinds);
    }

    /**
     * Parses the words after {@value #FLAG}.
     *
     * @param baseDirectory the directory the default data and report directories are made in
     * @param defaultSeed the seed when none is given
     * @param arguments the words after {@value #FLAG}
     * @return the options, with defaults for those not given
     * @throws IllegalArgumentException naming the option for anything unknown, repeated, missing or out of range
     */
    public static FaultRunOptions parse(Path baseDirectory, long defaultSeed, String... arguments) {
        if (arguments.length > ARGUMENT_COUNT_MAX) {
            throw new IllegalArgumentException("too many arguments (" + arguments.length + ", at most " + ARGUMENT_COUNT_MAX + ")");
        }
        Parsed parsed = new Parsed();
        Set<String> seen = new HashSet<>();
        int index = 0;
        while (index < arguments.length) {
            String argument = arguments[index];
            index++;
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + argument + "'; options start with --");
            }
            int equalsIndex = argument.indexOf('=');
            String name = equalsIndex > 0 ? argument.substring(0, equalsIndex) : argument;
            String value = equalsIndex > 0 ? argument.substring(equalsIndex + 1) : null;
            if (!seen.add(name)) {
                throw new IllegalArgumentException("option " + name + " is given more than once");
            }
            if (name.equals("--help") || name.equals("--keep-data")) {
                if (value != null) {
                    throw new IllegalArgumentException("option " + name + " takes no value");
                }
                parsed.help |= name.equals("--help");
                parsed.keepData |= name.equals("--keep-data");
                continue;
            }
            if (!isKnown(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (index >= arguments.length || arguments[index].startsWith("--")) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = arguments[index];
                index++;
            }
            if (value.length() > TEXT_LENGTH_MAX) {
                throw new IllegalArgumentException("option " + name + " has a value longer than " + TEXT_LENGTH_MAX + " characters");
            }
            parsed.set(name, value);
        }
        return parsed.toOptions(baseDirectory, defaultSeed);
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--kills", "--seed", "--kinds", "--clients", "--think-millis", "--payers", "--merchants", "--pause-min-seconds",
                    "--pause-max-seconds", "--recovery-timeout-seconds", "--data-dir", "--report-dir" -> true;
            default -> false;
        };
    }

    /** The values as given; null means not given. */
    private static final class Parsed {
        Integer kills;
        Long seed;
        List<KillKind> kinds;
        Integer clients;
        Integer thinkMillis;
        Integer payers;
        Integer merchants;
        Integer pauseMinSeconds;
        Integer pauseMaxSeconds;
        Integer recoveryTimeoutSeconds;
        Path dataDirectory;
        Path reportDirectory;
        boolean keepData;
        boolean help;

        void set(String name, String value) {
            switch (name) {
                case "--kills" -> kills = parseInt(name, value, 1, KILLS_MAX);
                case "--seed" -> seed = parseLong(name, value);
                case "--kinds" -> kinds = parseKinds(name, value);
                case "--clients" -> clients = parseInt(name, value, 1, CLIENTS_MAX);
                case "--think-millis" -> thinkMillis = parseInt(name, value, 0, THINK_MILLIS_MAX);
                case "--payers" -> payers = parseInt(name, value, PAYERS_MIN, ACCOUNTS_MAX);
                case "--merchants" -> merchants = parseInt(name, value, 1, ACCOUNTS_MAX);
                case "--pause-min-seconds" -> pauseMinSeconds = parseInt(name, value, 0, PAUSE_SECONDS_MAX);
                case "--pause-max-seconds" -> pauseMaxSeconds = parseInt(name, value, 0, PAUSE_SECONDS_MAX);
                case "--recovery-timeout-seconds" -> recoveryTimeoutSeconds =
                        parseInt(name, value, RECOVERY_TIMEOUT_SECONDS_MIN, RECOVERY_TIMEOUT_SECONDS_MAX);
                case "--data-dir" -> dataDirectory = Path.of(parseText(name, value));
                case "--report-dir" -> reportDirectory = Path.of(parseText(name, value));
                default -> throw new IllegalStateException("option " + name + " is known but not handled");
            }
        }

        FaultRunOptions toOptions(Path baseDirectory, long defaultSeed) {
            int pauseMin = pauseMinSeconds == null ? DEFAULT_PAUSE_MIN_SECONDS : pauseMinSeconds;
            int pauseMax = pauseMaxSeconds == null ? Math.max(pauseMin, DEFAULT_PAUSE_MAX_SECONDS) : pauseMaxSeconds;
            if (pauseMax < pauseMin) {
                throw new IllegalArgumentException("--pause-max-seconds (" + pauseMax + ") is below --pause-min-seconds ("
                        + pauseMin + ")");
            }
            return new FaultRunOptions(
                    kills == null ? DEFAULT_KILLS : kills,
                    seed == null ? defaultSeed : seed,
                    kinds == null ? List.of(KillKind.values()) : kinds,
                    clients == null ? DEFAULT_CLIENTS : clients,
                    thinkMillis == null ? DEFAULT_THINK_MILLIS : thinkMillis,
                    payers == null ? DEFAULT_PAYERS : payers,
                    merchants == null ? DEFAULT_MERCHANTS : merchants,
                    pauseMin,
                    pauseMax,
                    recoveryTimeoutSeconds == null ? DEFAULT_RECOVERY_TIMEOUT_SECONDS : recoveryTimeoutSeconds,
                    (dataDirectory == null ? baseDirectory.resolve("fault-data") : dataDirectory).toAbsolutePath().normalize(),
                    (reportDirectory == null ? baseDirectory.resolve("fault-report") : reportDirectory).toAbsolutePath().normalize(),
                    keepData,
                    help);
        }
    }

    private static int parseInt(String name, String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException exception) {
            throw new IllegalArgumentException("option " + name + " needs a whole number, got '" + value + "'", exception);
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("option " + name + " must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException exception) {
            throw new IllegalArgumentException("option " + name + " needs a whole number, got '" + value + "'", exception);
        }
    }

    private static List<KillKind> parseKinds(String name, String value) {
        List<KillKind> kinds = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("option " + name + " has an empty item in '" + value + "'");
            }
            KillKind kind;
            try {
                kind = KillKind.fromLabel(part);
            } catch (IllegalArgumentException exception) {
                throw new IllegalArgumentException("option " + name + ": " + exception.getMessage(), exception);
            }
            if (kinds.contains(kind)) {
                throw new IllegalArgumentException("option " + name + " names '" + part.trim() + "' twice");
            }
            kinds.add(kind);
        }
        return kinds;
    }

    private static String parseText(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("option " + name + " needs a non-empty value");
        }
        return value.trim();
    }
}
