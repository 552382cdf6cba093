package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code micro-ledger rebuild-projections}: asks a running query-service to rebuild every
 * projection from the start of the topic, then prints its progress until the rebuilt tables are
 * live (exit 0) or the rebuild failed (exit 1). The service keeps answering from its current
 * tables meanwhile; the rebuild goes on if this command is stopped.
 */
final class RebuildCommand {

    static final String NAME = "rebuild-projections";
    /** The environment variable with the operator key to use, instead of the data directory's. */
    static final String KEY_VARIABLE = "MICRO_LEDGER_KEY";
    static final String USAGE = """
            Usage: micro-ledger rebuild-projections [options]

            Rebuilds every projection of a running query-service from the start of the Kafka topic
            into new tables, prints the progress, and returns once the service answers from the
            rebuilt tables. Until then it answers from the current ones. Stopping this command
            does not stop the rebuild; follow it again with --follow.

            Options:
              --query-url URL          the query-service (default http://127.0.0.1:8081)
              --switchover auto|manual auto (default): switch as soon as the rebuild has caught up;
                                       manual: return once it has caught up and follows the topic,
                                       and switch later with
                                       curl -X POST URL/admin/projections/rebuild/switch
              --follow                 start nothing, follow the rebuild under way
              --data-dir DIR           the running system's data directory, whose operator key
                                       (DIR/credentials/operator.key) the command uses (default ./data);
                                       MICRO_LEDGER_KEY, when set, is used instead
              --help                   print this help and exit

            Exit status: 0 when the rebuilt tables are live (or, with manual, ready),
            1 when the rebuild failed or the service could not be asked, 2 for a usage mistake.""";

    static final int EXIT_DONE = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String DEFAULT_QUERY_URL = "http://127.0.0.1:8081";
    private static final String PATH = "/admin/projections/rebuild";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Every option once, each with its value: anything longer is a mistake. */
    private static final int ARGUMENT_COUNT_MAX = 8;
    /** A day of polling; a rebuild of the largest topics takes minutes to hours. */
    private static final long POLLS_MAX = Duration.ofDays(1).toSeconds() / POLL_INTERVAL.toSeconds();

    private static final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param queryUrl   the query-service's base URL
     * @param manual     whether the rebuild waits for an operator before it switches
     * @param followOnly whether to start nothing and only follow
     * @param help       whether only the usage was asked for
     */
    record Options(URI queryUrl, boolean manual, boolean followOnly, boolean help, Path dataDirectory) {

        static Options parse(String... arguments) {
            OptionWords words = new OptionWords(arguments, ARGUMENT_COUNT_MAX);
            URI queryUrl = URI.create(DEFAULT_QUERY_URL);
            boolean manual = false;
            boolean followOnly = false;
            Path dataDirectory = LauncherOptions.DEFAULT_DATA_DIRECTORY;
            while (words.hasNext()) {
                OptionWords.Option option = words.next();
                switch (option.name()) {
                    case "--help", "-h" -> {
                        return new Options(queryUrl, manual, followOnly, true, dataDirectory);
                    }
                    case "--follow" -> followOnly = true;
                    case "--query-url" -> queryUrl = parseUrl(words.valueOf(option));
                    case "--switchover" -> manual = parseSwitchover(words.valueOf(option));
                    case "--data-dir" -> dataDirectory = Path.of(words.valueOf(option));
                    default -> throw new IllegalArgumentException("unknown option " + option.word());
                }
            }
            return new Options(queryUrl, manual, followOnly, false, dataDirectory);
        }

        private static URI parseUrl(String value) {
            URI uri;
            try {
                uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            } catch (IllegalArgumentException exception) {
                throw new IllegalArgumentException("option --query-url needs a URL, got '" + value + "'", exception);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("option --query-url needs an http or https URL, got '" + value + "'");
            }
            return uri;
        }

        private static boolean parseSwitchover(String value) {
            return switch (value) {
                case "auto" -> false;
                case "manual" -> true;
                default -> throw new IllegalArgumentException("option --switchover is auto or manual, got '" + value + "'");
            };
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final PrintStream out;
    private final Duration pollInterval;
    private String key;

    RebuildCommand(PrintStream out, Duration pollInterval) {
        this.out = out;
        this.pollInterval = pollInterval;
    }

    /** Runs the command line and returns the exit status. */
    static int run(String[] arguments, PrintStream out, PrintStream err) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException exception) {
            err.println("micro-ledger " + NAME + ": " + exception.getMessage());
            err.println();
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(USAGE);
            return EXIT_DONE;
        }
        return new RebuildCommand(out, POLL_INTERVAL).rebuild(options);
    }

    int rebuild(Options options) throws InterruptedException {
        key = operatorKey(options);
        URI status = URI.create(options.queryUrl() + PATH);
        try {
            if (!options.followOnly()) {
                URI start = URI.create(status + (options.manual() ? "?switchover=manual" : ""));
                HttpResponse<String> started = send(HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody()));
                if (started.statusCode() != 202) {
                    out.println("The rebuild did not start: " + describe(started));
                    return EXIT_FAILED;
                }
                JsonNode body = mapper.readTree(started.body());
                out.printf(Locale.ROOT, "Rebuilding every projection into generation %d; generation %d answers until then.%n",
                        body.path("generation").asLong(), body.path("liveGeneration").asLong());
            }
            return follow(status);
        } catch (IOException exception) {
            out.println("query-service did not answer at " + options.queryUrl() + ": " + exception.getMessage());
            return EXIT_FAILED;
        }
    }

    private int follow(URI status) throws IOException, InterruptedException {
        for (long poll = 0; poll < POLLS_MAX; poll++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(status).GET());
            if (response.statusCode() != 200) {
                out.println("Could not read the rebuild's progress: " + describe(response));
                return EXIT_FAILED;
            }
            JsonNode body = mapper.readTree(response.body());
            out.println(progressLine(body));
            switch (body.path("state").asText()) {
                case "SWITCHED" -> {
                    out.printf(Locale.ROOT, "Generation %d is live.%n", body.path("liveGeneration").asLong());
                    return EXIT_DONE;
                }
                case "READY" -> {
                    out.println("Caught up; it follows the topic until you switch: curl -X POST " + status + "/switch");
                    return EXIT_DONE;
                }
                case "FAILED" -> {
                    out.printf(Locale.ROOT, "The rebuild FAILED: %s. Generation %d stays live.%n",
                            body.path("failure").asText(), body.path("liveGeneration").asLong());
                    return EXIT_FAILED;
                }
                case "IDLE" -> {
                    out.println("No rebuild has run since query-service started.");
                    return EXIT_FAILED;
                }
                default -> Thread.sleep(pollInterval.toMillis());
            }
        }
        out.println("Stopped following after a day; the rebuild goes on.");
        return EXIT_FAILED;
    }

    /** One line a person can read: what, how far, how fast, how long still. */
    static String progressLine(JsonNode status) {
        if (status.path("state").asText().equals("STARTING")) {
            return String.format(Locale.ROOT, "generation %d STARTING: creating its tables and counting the topic's records",
                    status.path("generation").asLong());
        }
        String eta = status.path("etaSeconds").isNumber()
                ? ", about " + formatSeconds(status.path("etaSeconds").asLong()) + " left" : "";
        return String.format(Locale.ROOT, "generation %d %s: %,d of %,d records (%.1f %%), %,d records/s (%,d/s on average)%s",
                status.path("generation").asLong(), status.path("state").asText(), status.path("recordsDone").asLong(),
                status.path("recordsTotal").asLong(), status.path("percent").asDouble(),
                status.path("recordsPerSecond").asLong(), status.path("averagePerSecond").asLong(), eta);
    }

    static String formatSeconds(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    /** {@code MICRO_LEDGER_KEY}, else the data directory's operator key, else none (the service then says 401). */
    private static String operatorKey(Options options) {
        String environment = System.getenv(KEY_VARIABLE);
        if (environment != null && !environment.isBlank()) {
            return environment.trim();
        }
        return Credentials.read(options.dataDirectory().resolve("credentials").resolve(Credentials.OPERATOR_FILE))
                .orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(HttpResponse<String> response) {
        try {
            JsonNode problem = mapper.readTree(response.body());
            if (problem != null && problem.hasNonNull("detail")) {
                return response.statusCode() + " " + problem.path("code").asText() + ": " + problem.path("detail").asText();
            }
        } catch (IOException exception) {
            // Not a problem document; the status says enough.
        }
        return "HTTP " + response.statusCode();
    }
}
