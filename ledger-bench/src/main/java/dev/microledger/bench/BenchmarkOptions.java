package dev.microledger.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.microledger.bench.load.Endpoint;
import dev.microledger.bench.load.Workload;

/**
 * The command line of the benchmark. Every number has a range, so a typo cannot start a run that
 * takes a day or opens a million accounts.
 *
 * @param durationSeconds   how long each run is measured
 * @param warmupSeconds     how long each run is driven before the measurement starts
 * @param rawSeconds        how long each raw append limit is measured
 * @param workloads         the workloads to run, in order
 * @param endpoints         the endpoints each workload is driven through, in order
 * @param clients           concurrent clients on the single-transfer endpoint
 * @param batchClients      concurrent clients on the batch endpoint
 * @param openLoopRatePerSecond transfers per second offered in the open-loop run of each workload; 0 for none,
 *                          {@link #OPEN_LOOP_RATE_AUTO} for half what the workload's closed-loop single run accepted
 * @param payers            payers per workload (users for top-up)
 * @param merchants         merchants of the uniform workload
 * @param ledgerUrl         a running ledger-service to target, or null to start the system
 * @param queryUrl          the running query-service that goes with {@code ledgerUrl}, or null
 * @param bootstrapServers  the running system's Kafka brokers, for the raw produce limit; only with {@code ledgerUrl}
 * @param postgresUrl       a PostgreSQL server's JDBC URL to run everything on, or null for the system's embedded PostgreSQL
 * @param postgresUsername  the PostgreSQL user
 * @param postgresPassword  the PostgreSQL password
 * @param dataDirectory     where each run's data directory is made
 * @param reportDirectory   where report.md and report.json are written
 * @param keepData          whether the databases and Kafka files are kept after the run (the logs always are)
 * @param quick             whether the short smoke-run defaults apply
 * @param scale             whether to run the scale workload instead of the throughput workloads
 * @param scaleAccounts     accounts the scale workload opens (the funding account and the hot merchant among them)
 * @param scaleTransfers    transfers the scale workload posts after funding the payers
 * @param rebuild           whether the rebuild of the projections from the topic is timed after the workloads
 * @param help              whether only the usage was asked for
 */
public record BenchmarkOptions(
        int durationSeconds,
        int warmupSeconds,
        int rawSeconds,
        List<Workload> workloads,
        List<Endpoint> endpoints,
        int clients,
        int batchClients,
        int openLoopRatePerSecond,
        int payers,
        int merchants,
        URI ledgerUrl,
        URI queryUrl,
        String bootstrapServers,
        String postgresUrl,
        String postgresUsername,
        String postgresPassword,
        Path dataDirectory,
        Path reportDirectory,
        boolean keepData,
        boolean quick,
        boolean scale,
        int scaleAccounts,
        int scaleTransfers,
        boolean rebuild,
        boolean help) {

    static final String USAGE = """
            Usage: micro-ledger-bench [options]

            Benchmarks the micro-ledger on this machine: starts the embedded system (PostgreSQL,
            a Kafka broker, ledger-service and query-service, each its own process) or targets
            running services, runs each workload through each endpoint for a fixed time after a
            warm-up, measures the raw JDBC and Kafka append limits on the same kind of database and
            on the same broker and the one-command-per-transfer baseline, and writes report.md and
            report.json.

            Options:
              --duration-seconds N       measured time of each run (default 60, 1..3600)
              --warmup-seconds N         load before each measurement, not counted (default 10, 0..600)
              --raw-seconds N            time of each raw append measurement (default 10, 1..600);
                                         the JDBC one runs with 1, 2, 4 and 8 writers in turn
              --workloads LIST           of uniform,hot-payee,top-up,mixed,fees (default all five)
              --endpoints LIST           of single,batch100,batch1000 (default all three)
              --clients N                closed-loop clients on the single endpoint (default 64, 1..1024)
              --batch-clients N          closed-loop clients on the batch endpoint (default 4, 1..64)
              --open-loop-rate N|auto    transfers/s offered in one open-loop run per workload on the
                                         single endpoint, 0..100000; 0 skips it; auto (the default) offers
                                         half what the workload's closed-loop single run accepted, so the
                                         latency is that of a system below saturation
              --payers N                 payers per workload, users for top-up (default 10000, 1..100000)
              --merchants N              payees of the uniform workload (default 100, 1..10000)
              --ledger-url URL           target a running ledger-service instead of starting the system
              --query-url URL            its query-service (required with --ledger-url)
              --bootstrap-servers H:P    its Kafka, for the raw produce limit (only with --ledger-url); the
                                         broker's super user logs in with KAFKA_BROKER_PASSWORD
              --postgres-url URL         run on this PostgreSQL server (jdbc:postgresql://...) instead of the
                                         embedded one, each service and the raw insert in a fresh schema of
                                         their own, dropped afterwards
              --postgres-username NAME   PostgreSQL user (default postgres)
              --postgres-password TEXT   PostgreSQL password (default empty; see README for where it shows)
              --data-dir DIR             where the run's data directory is made (default beside the jar:
                                         ledger-bench/target/bench-data)
              --report-dir DIR           where report.md and report.json go (default beside the jar:
                                         ledger-bench/target/bench-report)
              --keep-data                keep the databases and Kafka files (logs are always kept)
              --quick                    smoke-run defaults: 3 s runs, 1 s warm-up, 2 s raw, 500 payers;
                                         options given explicitly still win
              --scale                    run the scale workload instead: open --scale-accounts accounts, fund
                                         the payers, post --scale-transfers transfers through the batch endpoint
                                         (one in ten to one hot merchant) with --batch-clients clients, sample
                                         ledger-service's heap, then restart it and time its first commands
              --scale-accounts N         accounts of the scale workload (default 1000000, 1000..2000000)
              --scale-transfers N        transfers of the scale workload (default 10000000, 1000..20000000)
              --no-rebuild               do not time the rebuild of the projections after the workloads (after
                                         the full-size scale workload it reads over 20 million records)
              --help                     print this help and exit

            Values follow the option as the next word or after '='.

            micro-ledger-bench --fault-run [options] kills the system's processes under load instead and
            checks that nothing acknowledged was lost or doubled (see micro-ledger-bench --fault-run --help).""";

    static final int DEFAULT_DURATION_SECONDS = 60;
    static final int DEFAULT_WARMUP_SECONDS = 10;
    static final int DEFAULT_RAW_SECONDS = 10;
    static final int DEFAULT_CLIENTS = 64;
    static final int DEFAULT_BATCH_CLIENTS = 4;
    /** The open-loop rate that is half the closed-loop single endpoint's, whatever this machine manages. */
    public static final int OPEN_LOOP_RATE_AUTO = -1;
    static final int DEFAULT_OPEN_LOOP_RATE = OPEN_LOOP_RATE_AUTO;
    static final int DEFAULT_PAYERS = 10_000;
    static final int DEFAULT_SCALE_ACCOUNTS = 1_000_000;
    static final int DEFAULT_SCALE_TRANSFERS = 10_000_000;
    static final int DEFAULT_MERCHANTS = 100;
    static final String DEFAULT_POSTGRES_USERNAME = "postgres";

    static final int QUICK_DURATION_SECONDS = 3;
    static final int QUICK_WARMUP_SECONDS = 1;
    static final int QUICK_RAW_SECONDS = 2;
    static final int QUICK_PAYERS = 500;

    static final int DURATION_SECONDS_MAX = 3600;
    static final int WARMUP_SECONDS_MAX = 600;
    static final int RAW_SECONDS_MAX = 600;
    static final int CLIENTS_MAX = 1024;
    static final int BATCH_CLIENTS_MAX = 64;
    static final int OPEN_LOOP_RATE_MAX = 100_000;
    static final int PAYERS_MAX = 100_000;
    static final int MERCHANTS_MAX = 10_000;
    static final int SCALE_ACCOUNTS_MIN = 1_000;
    static final int SCALE_ACCOUNTS_MAX = 2_000_000;
    static final int SCALE_TRANSFERS_MIN = 1_000;
    static final int SCALE_TRANSFERS_MAX = 20_000_000;

    /** Every option once with its value: anything longer is a mistake. */
    private static final int ARGUMENT_COUNT_MAX = 64;
    private static final int TEXT_LENGTH_MAX = 1024;

    public BenchmarkOptions {
        workloads = List.copyOf(workloads);
        endpoints = List.copyOf(endpoints);
    }

    /** Whether the benchmark targets services that run already rather than starting its own. */
    public boolean targetsRunningServices() {
        return ledgerUrl != null;
    }

    /** Whether each workload gets an open-loop run. */
    public boolean runsOpenLoop() {
        return openLoopRatePerSecond != 0;
    }

    /** Whether the services run on a PostgreSQL server given by URL rather than the system's embedded one. */
    public boolean usesExternalPostgres() {
        return postgresUrl != null;
    }

    /**
     * Parses the command line.
     *
     * @param baseDirectory the directory the default data and report directories are made in
     * @param arguments the words after the program name
     * @return the options, with defaults for those not given
     * @throws IllegalArgumentException naming the option for anything unknown, repeated, missing or out of range
     */
    public static BenchmarkOptions parse(Path baseDirectory, String... arguments) {
        if (arguments.length > ARGUMENT_COUNT_MAX) {
            throw new IllegalArgumentException("too many arguments (" + arguments.length + ", at most " + ARGUMENT_COUNT_MAX + ")");
        }
        Parsed parsed = new Parsed();
        Set<String> seen = new HashSet<>();
        int index = 0;
        while (index < arguments.length) {
            String argument = arguments[index];
            index++;
            if (argument.equals("--help") || argument.equals("-h")) {
                parsed.help = true;
                continue;
            }
            String name = argument;
            String value = null;
            int equalsIndex = argument.indexOf('=');
            if (argument.startsWith("--") && equalsIndex > 0) {
                name = argument.substring(0, equalsIndex);
                value = argument.substring(equalsIndex + 1);
            }
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + argument + "'; options start with --");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("option " + name + " is given more than once");
            }
            if (isFlag(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("option " + name + " takes no value");
                }
                parsed.setFlag(name);
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
        return parsed.toOptions(baseDirectory);
    }

    private static boolean isFlag(String name) {
        return name.equals("--quick") || name.equals("--keep-data") || name.equals("--scale") || name.equals("--no-rebuild");
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--duration-seconds", "--warmup-seconds", "--raw-seconds", "--workloads", "--endpoints", "--clients",
                    "--batch-clients", "--open-loop-rate", "--payers", "--merchants", "--ledger-url", "--query-url",
                    "--bootstrap-servers", "--postgres-url", "--postgres-username", "--postgres-password", "--data-dir",
                    "--report-dir", "--scale-accounts", "--scale-transfers" -> true;
            default -> false;
        };
    }

    /** The values as given; null means not given, so that --quick can tell defaults from choices. */
    private static final class Parsed {
        Integer durationSeconds;
        Integer warmupSeconds;
        Integer rawSeconds;
        List<Workload> workloads;
        List<Endpoint> endpoints;
        Integer clients;
        Integer batchClients;
        Integer openLoopRatePerSecond;
        Integer payers;
        Integer merchants;
        URI ledgerUrl;
        URI queryUrl;
        String bootstrapServers;
        String postgresUrl;
        String postgresUsername;
        String postgresPassword;
        Path dataDirectory;
        Path reportDirectory;
        boolean keepData;
        boolean quick;
        boolean scale;
        Integer scaleAccounts;
        Integer scaleTransfers;
        boolean noRebuild;
        boolean help;

        void setFlag(String name) {
            switch (name) {
                case "--quick" -> quick = true;
                case "--scale" -> scale = true;
                case "--no-rebuild" -> noRebuild = true;
                default -> keepData = true;
            }
        }

        void set(String name, String value) {
            switch (name) {
                case "--duration-seconds" -> durationSeconds = parseInt(name, value, 1, DURATION_SECONDS_MAX);
                case "--warmup-seconds" -> warmupSeconds = parseInt(name, value, 0, WARMUP_SECONDS_MAX);
                case "--raw-seconds" -> rawSeconds = parseInt(name, value, 1, RAW_SECONDS_MAX);
                case "--workloads" -> workloads = parseList(name, value, Workload::fromLabel);
                case "--endpoints" -> endpoints = parseList(name, value, Endpoint::fromLabel);
                case "--clients" -> clients = parseInt(name, value, 1, CLIENTS_MAX);
                case "--batch-clients" -> batchClients = parseInt(name, value, 1, BATCH_CLIENTS_MAX);
                case "--open-loop-rate" -> openLoopRatePerSecond = value.trim().equals("auto")
                        ? OPEN_LOOP_RATE_AUTO : parseInt(name, value, 0, OPEN_LOOP_RATE_MAX);
                case "--payers" -> payers = parseInt(name, value, 1, PAYERS_MAX);
                case "--merchants" -> merchants = parseInt(name, value, 1, MERCHANTS_MAX);
                case "--ledger-url" -> ledgerUrl = parseHttpUrl(name, value);
                case "--query-url" -> queryUrl = parseHttpUrl(name, value);
                case "--bootstrap-servers" -> bootstrapServers = parseText(name, value);
                case "--postgres-url" -> postgresUrl = parsePostgresUrl(name, value);
                case "--postgres-username" -> postgresUsername = parseText(name, value);
                case "--postgres-password" -> postgresPassword = value;
                case "--data-dir" -> dataDirectory = Path.of(parseText(name, value));
                case "--report-dir" -> reportDirectory = Path.of(parseText(name, value));
                case "--scale-accounts" -> scaleAccounts = parseInt(name, value, SCALE_ACCOUNTS_MIN, SCALE_ACCOUNTS_MAX);
                case "--scale-transfers" -> scaleTransfers = parseInt(name, value, SCALE_TRANSFERS_MIN, SCALE_TRANSFERS_MAX);
                default -> throw new IllegalStateException("option " + name + " is known but not handled");
            }
        }

        BenchmarkOptions toOptions(Path baseDirectory) {
            if ((ledgerUrl == null) != (queryUrl == null)) {
                throw new IllegalArgumentException("--ledger-url and --query-url go together: give both or neither");
            }
            if (bootstrapServers != null && ledgerUrl == null) {
                throw new IllegalArgumentException("--bootstrap-servers is only for running services (with --ledger-url);"
                        + " a started system has its own broker");
            }
            if (!scale && (scaleAccounts != null || scaleTransfers != null)) {
                throw new IllegalArgumentException("--scale-accounts and --scale-transfers need --scale");
            }
            if (scale && ledgerUrl != null) {
                throw new IllegalArgumentException("--scale restarts ledger-service, so it needs a system it starts itself,"
                        + " not --ledger-url");
            }
            if (postgresUrl == null && (postgresUsername != null || postgresPassword != null)) {
                throw new IllegalArgumentException("--postgres-username and --postgres-password need --postgres-url");
            }
            return new BenchmarkOptions(
                    orDefault(durationSeconds, quick ? QUICK_DURATION_SECONDS : DEFAULT_DURATION_SECONDS),
                    orDefault(warmupSeconds, quick ? QUICK_WARMUP_SECONDS : DEFAULT_WARMUP_SECONDS),
                    orDefault(rawSeconds, quick ? QUICK_RAW_SECONDS : DEFAULT_RAW_SECONDS),
                    workloads == null ? List.of(Workload.values()) : workloads,
                    endpoints == null ? List.of(Endpoint.values()) : endpoints,
                    orDefault(clients, DEFAULT_CLIENTS),
                    orDefault(batchClients, DEFAULT_BATCH_CLIENTS),
                    orDefault(openLoopRatePerSecond, DEFAULT_OPEN_LOOP_RATE),
                    orDefault(payers, quick ? QUICK_PAYERS : DEFAULT_PAYERS),
                    orDefault(merchants, DEFAULT_MERCHANTS),
                    ledgerUrl,
                    queryUrl,
                    bootstrapServers,
                    postgresUrl,
                    postgresUrl == null ? null : (postgresUsername == null ? DEFAULT_POSTGRES_USERNAME : postgresUsername),
                    postgresUrl == null ? null : (postgresPassword == null ? "" : postgresPassword),
                    (dataDirectory == null ? baseDirectory.resolve("bench-data") : dataDirectory).toAbsolutePath().normalize(),
                    (reportDirectory == null ? baseDirectory.resolve("bench-report") : reportDirectory).toAbsolutePath().normalize(),
                    keepData,
                    quick,
                    scale,
                    orDefault(scaleAccounts, DEFAULT_SCALE_ACCOUNTS),
                    orDefault(scaleTransfers, DEFAULT_SCALE_TRANSFERS),
                    !noRebuild,
                    help);
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
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

    private static <T> List<T> parseList(String name, String value, Function<String, T> parser) {
        List<T> items = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("option " + name + " has an empty item in '" + value + "'");
            }
            T item;
            try {
                item = parser.apply(part);
            } catch (IllegalArgumentException exception) {
                throw new IllegalArgumentException("option " + name + ": " + exception.getMessage(), exception);
            }
            if (items.contains(item)) {
                throw new IllegalArgumentException("option " + name + " names '" + part.trim() + "' twice");
            }
            items.add(item);
        }
        return items;
    }

    private static URI parseHttpUrl(String name, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException exception) {
            throw new IllegalArgumentException("option " + name + " needs a URL like http://127.0.0.1:8080, got '" + value + "'",
                    exception);
        }
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!http || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null) {
            throw new IllegalArgumentException("option " + name + " needs a base URL like http://127.0.0.1:8080, got '" + value + "'");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    private static String parsePostgresUrl(String name, String value) {
        if (!value.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("option " + name + " needs a PostgreSQL JDBC URL like"
                    + " jdbc:postgresql://127.0.0.1:5432/bench, got '" + value + "'");
        }
        if (value.contains("currentSchema=")) {
            throw new IllegalArgumentException("option " + name + " must not set currentSchema: the benchmark puts each part"
                    + " in a fresh schema of its own");
        }
        return value;
    }

    private static String parseText(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("option " + name + " needs a non-empty value");
        }
        return value.trim();
    }
}
