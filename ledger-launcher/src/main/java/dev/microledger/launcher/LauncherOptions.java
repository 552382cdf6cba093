package dev.microledger.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of the launcher.
 *
 * @param dataDirectory where the broker, the services' databases and the logs keep their files
 * @param ledgerPort the HTTP port of ledger-service, 0 for any free port
 * @param queryPort the HTTP port of query-service, 0 for any free port
 * @param kafkaPort the Kafka client port, 0 for any free port
 * @param kafkaControllerPort the Kafka KRaft controller port, 0 for any free port
 * @param postgresPort the PostgreSQL port, 0 for any free port
 * @param demo whether to seed a month of demo history into a new ledger (ledger-service then runs
 *     with its demo clock on)
 * @param help whether only the usage was asked for
 */
record LauncherOptions(Path dataDirectory, int ledgerPort, int queryPort, int kafkaPort, int kafkaControllerPort,
                       int postgresPort, boolean demo, boolean help) {

    static final String USAGE = """
            Usage: micro-ledger [options]

            Starts the micro-ledger on this machine: PostgreSQL, a Kafka broker, ledger-service
            and query-service, each in its own process, with all data and logs in one directory.
            Running it again with the same directory resumes with the same data.
            Ctrl-C stops everything.

            Options:
              --data-dir DIR                 where data and logs are kept (default ./data)
              --ledger-port PORT             ledger-service HTTP port (default 8080)
              --query-port PORT              query-service HTTP port (default 8081)
              --kafka-port PORT              Kafka client port (default 9092)
              --kafka-controller-port PORT   Kafka KRaft controller port (default 9093)
              --postgres-port PORT           PostgreSQL port (default 5432)
              --demo                         seed a month of demo micropayments into a new ledger
                                             (default data directory ./demo-data), then print the
                                             dashboard's address; a ledger with history is left as is
              --help                         print this help and exit

            A port of 0 means any free port.

            A new data directory gets an admin key, printed once and kept in DIR/credentials/admin.key
            (MICRO_LEDGER_ADMIN_KEY supplies one instead). Every request but /actuator/health needs a key.
            Database passwords are kept beside it; analysts may read the projections with SQL as
            the read-only login 'analyst' (DIR/credentials/analyst.password), database 'query'.
            Run as root, the launcher runs PostgreSQL as user 'nobody' (MICRO_LEDGER_POSTGRES_USER
            names another); DIR must then be a directory that user can enter.

            micro-ledger keys create|list|revoke manages the keys (see micro-ledger keys --help).
            micro-ledger rebuild-projections [--query-url URL] rebuilds every projection of a
            running query-service from the topic (see micro-ledger rebuild-projections --help).""";

    static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    /** The demo's history never mixes with a ledger of real use. */
    static final Path DEFAULT_DEMO_DATA_DIRECTORY = Path.of("demo-data");
    static final int DEFAULT_LEDGER_PORT = 8080;
    static final int DEFAULT_QUERY_PORT = 8081;
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    static final int DEFAULT_POSTGRES_PORT = 5432;

    /** Every option given once plus its value, and the flag: anything longer is a mistake. */
    private static final int ARGUMENT_COUNT_MAX = 15;
    private static final int PORT_MAX = 65_535;

    /**
     * Parses the command line; options take their value as the next word or after {@code =}.
     *
     * @param arguments the words after the program name
     * @return the options, with defaults for those not given
     * @throws IllegalArgumentException for an unknown or repeated option, a missing value or a bad port
     */
    static LauncherOptions parse(String... arguments) {
        OptionWords words = new OptionWords(arguments, ARGUMENT_COUNT_MAX);
        Path dataDirectory = null;
        boolean demo = false;
        int ledgerPort = DEFAULT_LEDGER_PORT;
        int queryPort = DEFAULT_QUERY_PORT;
        int kafkaPort = DEFAULT_KAFKA_PORT;
        int kafkaControllerPort = DEFAULT_KAFKA_CONTROLLER_PORT;
        int postgresPort = DEFAULT_POSTGRES_PORT;
        while (words.hasNext()) {
            OptionWords.Option option = words.next();
            String name = option.name();
            if (option.word().equals("--help") || option.word().equals("-h")) {
                return new LauncherOptions(DEFAULT_DATA_DIRECTORY, ledgerPort, queryPort, kafkaPort, kafkaControllerPort,
                        postgresPort, false, true);
            }
            if (!isKnown(name)) {
                throw new IllegalArgumentException("unknown option " + option.word());
            }
            if (name.equals("--demo")) {
                if (option.inlineValue() != null) {
                    throw new IllegalArgumentException("option --demo takes no value");
                }
                demo = true;
                continue;
            }
            String value = words.valueOf(option);
            switch (name) {
                case "--data-dir" -> dataDirectory = parseDirectory(name, value);
                case "--ledger-port" -> ledgerPort = parsePort(name, value);
                case "--query-port" -> queryPort = parsePort(name, value);
                case "--kafka-port" -> kafkaPort = parsePort(name, value);
                case "--kafka-controller-port" -> kafkaControllerPort = parsePort(name, value);
                case "--postgres-port" -> postgresPort = parsePort(name, value);
                default -> throw new IllegalStateException("option " + name + " is known but not handled");
            }
        }
        if (dataDirectory == null) {
            dataDirectory = demo ? DEFAULT_DEMO_DATA_DIRECTORY : DEFAULT_DATA_DIRECTORY;
        }
        return new LauncherOptions(dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort, demo, false);
    }

    /**
     * The settings of the system these options describe.
     *
     * @param servicesDirectory where the services' jars are
     * @return the settings, with an absolute data directory
     */
    EmbeddedSystem.Settings toSettings(Path servicesDirectory) {
        EmbeddedSystem.Settings settings = new EmbeddedSystem.Settings(
                dataDirectory, ledgerPort, queryPort, kafkaPort, kafkaControllerPort, postgresPort,
                servicesDirectory, EmbeddedSystem.Settings.DEFAULT_SERVICE_START_TIMEOUT_SECONDS);
        return demo ? settings.withLedgerArguments(List.of(DEMO_CLOCK_ARGUMENT)) : settings;
    }

    /** The seeder sets ledger-service's clock to the moments of the history it records. */
    static final String DEMO_CLOCK_ARGUMENT = "--ledger.demo-clock.enabled=true";

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--data-dir", "--ledger-port", "--query-port", "--kafka-port", "--kafka-controller-port", "--postgres-port",
                 "--demo" -> true;
            default -> false;
        };
    }

    private static Path parseDirectory(String name, String value) {
        if (value.isBlank() || value.startsWith("--")) {
            throw new IllegalArgumentException("option " + name + " needs a directory, got '" + value + "'");
        }
        return Path.of(value);
    }

    private static int parsePort(String name, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException exception) {
            throw new IllegalArgumentException("option " + name + " needs a port number, got '" + value + "'", exception);
        }
        if (port < 0 || port > PORT_MAX) {
            throw new IllegalArgumentException("option " + name + " needs a port between 0 and " + PORT_MAX + ", got " + port);
        }
        return port;
    }
}
