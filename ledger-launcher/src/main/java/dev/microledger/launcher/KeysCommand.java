package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.access.ApiKeySecrets;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code micro-ledger keys create|list|revoke|generate}: key management from the command line,
 * through ledger-service's {@code /admin/keys} with the admin key of the data directory (or
 * {@code MICRO_LEDGER_ADMIN_KEY}).
 */
final class KeysCommand {

    static final String NAME = "keys";

    static final String USAGE = """
            Usage: micro-ledger keys create --name NAME --roles ROLE[,ROLE...] [options]
                   micro-ledger keys list [options]
                   micro-ledger keys revoke KEY_ID [options]
                   micro-ledger keys generate

            create   makes a key and prints it; it is shown this once and kept nowhere
            list     lists the keys: id, name, roles, created, last used, revoked
            revoke   revokes a key; it stops working on both services within 5 s
            generate prints a new random key without asking any service, to give as MICRO_LEDGER_ADMIN_KEY

            Roles: payments, treasury, accounts, support, analyst, operator, admin.

            Options:
              --ledger-url URL   ledger-service (default http://127.0.0.1:8080)
              --data-dir DIR     where the admin key is (DIR/credentials/admin.key; default ./data);
                                 MICRO_LEDGER_ADMIN_KEY, when set, is used instead
              --help             print this help and exit""";

    static final int EXIT_DONE = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final int ARGUMENT_COUNT_MAX = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeysCommand() {
    }

    /** The command line after {@code keys}, parsed. */
    record Options(String action, String keyId, String name, List<String> roles, URI ledgerUrl, Path dataDirectory,
                   boolean help) {

        static Options parse(String... arguments) {
            if (arguments.length == 0) {
                throw new IllegalArgumentException("say what to do: create, list, revoke or generate");
            }
            String action = arguments[0];
            if (action.equals("--help") || action.equals("-h")) {
                return new Options(null, null, null, List.of(), null, null, true);
            }
            if (!List.of("create", "list", "revoke", "generate").contains(action)) {
                throw new IllegalArgumentException("unknown action '" + action + "': create, list, revoke or generate");
            }
            int first = 1;
            String keyId = null;
            if (action.equals("revoke")) {
                if (arguments.length < 2 || arguments[1].startsWith("-")) {
                    throw new IllegalArgumentException("revoke needs the key's id");
                }
                keyId = arguments[1];
                first = 2;
            }
            OptionWords words = new OptionWords(Arrays.copyOfRange(arguments, first, arguments.length), ARGUMENT_COUNT_MAX);
            String name = null;
            List<String> roles = List.of();
            URI ledgerUrl = URI.create("http://127.0.0.1:" + LauncherOptions.DEFAULT_LEDGER_PORT);
            Path dataDirectory = LauncherOptions.DEFAULT_DATA_DIRECTORY;
            boolean help = false;
            while (words.hasNext()) {
                OptionWords.Option option = words.next();
                switch (option.name()) {
                    case "--help", "-h" -> help = true;
                    case "--name" -> name = words.valueOf(option);
                    case "--roles" -> roles = List.of(words.valueOf(option).split(","));
                    case "--ledger-url" -> ledgerUrl = URI.create(words.valueOf(option));
                    case "--data-dir" -> dataDirectory = Path.of(words.valueOf(option));
                    default -> throw new IllegalArgumentException("unknown option " + option.word());
                }
            }
            if (action.equals("create") && !help && (name == null || roles.isEmpty())) {
                throw new IllegalArgumentException("create needs --name and --roles");
            }
            return new Options(action, keyId, name, roles, ledgerUrl, dataDirectory, help);
        }
    }

    static int run(String[] arguments, PrintStream out, PrintStream err) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException exception) {
            err.println("micro-ledger keys: " + exception.getMessage());
            err.println();
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(USAGE);
            return EXIT_DONE;
        }
        if (options.action().equals("generate")) {
            out.println(ApiKeySecrets.generate());
            return EXIT_DONE;
        }
        String adminKey = adminKey(options, err);
        if (adminKey == null) {
            return EXIT_FAILED;
        }
        try {
            return switch (options.action()) {
                case "create" -> create(options, adminKey, out, err);
                case "list" -> list(options, adminKey, out, err);
                default -> revoke(options, adminKey, out, err);
            };
        } catch (IOException exception) {
            err.println("micro-ledger keys: ledger-service did not answer at " + options.ledgerUrl() + ": " + exception.getMessage());
            return EXIT_FAILED;
        }
    }

    private static int create(Options options, String adminKey, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("name", options.name()).set("roles", JSON.valueToTree(options.roles())).toString();
        HttpResponse<String> response = send(options, adminKey, HttpRequest.newBuilder(url(options, "/admin/keys"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 201) {
            return refused(response, err);
        }
        JsonNode key = JSON.readTree(response.body());
        out.println("Created key " + key.path("keyId").asText() + " (" + key.path("name").asText() + ") with roles "
                + key.path("roles") + ". It is shown this once:");
        out.println(key.path("key").asText());
        return EXIT_DONE;
    }

    private static int list(Options options, String adminKey, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(options, adminKey, HttpRequest.newBuilder(url(options, "/admin/keys")).GET());
        if (response.statusCode() != 200) {
            return refused(response, err);
        }
        out.printf("%-16s  %-24s  %-32s  %-20s  %-20s  %s%n", "KEY ID", "NAME", "ROLES", "CREATED", "LAST USED", "REVOKED");
        for (JsonNode key : JSON.readTree(response.body()).path("keys")) {
            List<String> roles = new java.util.ArrayList<>();
            key.path("roles").forEach(role -> roles.add(role.asText()));
            out.printf("%-16s  %-24s  %-32s  %-20s  %-20s  %s%n", key.path("keyId").asText(), key.path("name").asText(),
                    String.join(",", roles), seconds(key.path("createdAt")), seconds(key.path("lastUsedAt")),
                    seconds(key.path("revokedAt")));
        }
        return EXIT_DONE;
    }

    private static int revoke(Options options, String adminKey, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (!ApiKeySecrets.KEY_ID.matcher(options.keyId()).matches()) {
            err.println("micro-ledger keys: '" + options.keyId() + "' is not a key id (16 characters a-z, 2-7)");
            return EXIT_USAGE;
        }
        HttpResponse<String> response = send(options, adminKey,
                HttpRequest.newBuilder(url(options, "/admin/keys/" + options.keyId())).DELETE());
        if (response.statusCode() != 200) {
            return refused(response, err);
        }
        out.println("Revoked key " + options.keyId() + " at " + JSON.readTree(response.body()).path("revokedAt").asText());
        return EXIT_DONE;
    }

    /** A time of the answer to the second, or "-" when there is none. */
    private static String seconds(JsonNode time) {
        if (!time.isTextual()) {
            return "-";
        }
        try {
            return java.time.Instant.parse(time.asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException unreadable) {
            return time.asText();
        }
    }

    private static String adminKey(Options options, PrintStream err) {
        String environment = System.getenv(Credentials.ADMIN_KEY_VARIABLE);
        if (environment != null && !environment.isBlank()) {
            return environment.trim();
        }
        Path file = options.dataDirectory().resolve("credentials").resolve(Credentials.ADMIN_FILE);
        return Credentials.read(file).orElseGet(() -> {
            err.println("micro-ledger keys: no admin key in " + file + " and " + Credentials.ADMIN_KEY_VARIABLE
                    + " is not set; give --data-dir of the running system");
            return null;
        });
    }

    private static URI url(Options options, String path) {
        return URI.create(options.ledgerUrl().toString().replaceAll("/+$", "") + path);
    }

    private static HttpResponse<String> send(Options options, String adminKey, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(request.timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminKey).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int refused(HttpResponse<String> response, PrintStream err) {
        err.println("micro-ledger keys: ledger-service answered " + response.statusCode() + ": " + response.body());
        return EXIT_FAILED;
    }
}
