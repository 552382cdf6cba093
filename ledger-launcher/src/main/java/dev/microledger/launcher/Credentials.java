package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.postgres.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The keys and database passwords of a data directory, under {@code DATA/credentials/}, each in
 * a file only its owner may read (0600, in a 0700 directory):
 *
 * <pre>
 * admin.key                    the bootstrap admin key: made with a new data directory, unless MICRO_LEDGER_ADMIN_KEY gives one
 * operator.key                 an operator key the launcher's own commands use (rebuild-projections)
 * postgres-superuser.password  the embedded PostgreSQL's superuser, which only the launcher uses
 * ledger-service.password      ledger-service's login to its database ({@link EmbeddedDatabase})
 * query-service.password       query-service's login to its database
 * analyst.password             the read-only login for analysts' SQL on the projection
 * kafka-broker.password        the Kafka broker's own user, its only super user (written by the broker itself)
 * kafka-ledger-service.password  ledger-service's login to Kafka, the only one that may write the ledger's topics
 * kafka-query-service.password   query-service's login to Kafka, which may only read them
 * event-chain.key              the key both services link and verify events with (docs/events/integrity.md)
 * </pre>
 */
public final class Credentials {

    /** The environment variable that supplies the admin key instead of the data directory. */
    public static final String ADMIN_KEY_VARIABLE = "MICRO_LEDGER_ADMIN_KEY";

    static final String ADMIN_FILE = "admin.key";
    static final String KAFKA_LEDGER_PASSWORD_FILE = "kafka-ledger-service.password";
    static final String KAFKA_QUERY_PASSWORD_FILE = "kafka-query-service.password";
    static final String OPERATOR_FILE = "operator.key";
    /** The event chain key (docs/events/integrity.md): base64 of 32 random bytes. */
    static final String EVENT_CHAIN_KEY_FILE = "event-chain.key";
    public static final String EVENT_CHAIN_KEY_VARIABLE = "MICRO_LEDGER_EVENT_KEY";
    private static final int EVENT_CHAIN_KEY_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final String adminKey;
    private final boolean adminKeyIsNew;

    private Credentials(Path directory, String adminKey, boolean adminKeyIsNew) {
        this.directory = directory;
        this.adminKey = adminKey;
        this.adminKeyIsNew = adminKeyIsNew;
    }

    /**
     * Finds or makes the admin key of a data directory: {@value #ADMIN_KEY_VARIABLE} when set,
     * else {@code credentials/admin.key}, else a new key written there.
     *
     * @param dataDirectory the data directory
     * @param environmentKey the value of {@value #ADMIN_KEY_VARIABLE}, or null
     * @return the credentials
     * @throws IllegalArgumentException when a given key does not have the form of a key
     */
    public static Credentials prepare(Path dataDirectory, String environmentKey) {
        Path directory = dataDirectory.resolve("credentials");
        createPrivateDirectory(directory);
        if (environmentKey != null && !environmentKey.isBlank()) {
            String key = environmentKey.trim();
            requireKeyForm(key, ADMIN_KEY_VARIABLE);
            return new Credentials(directory, key, false);
        }
        Optional<String> stored = read(directory.resolve(ADMIN_FILE));
        if (stored.isPresent()) {
            requireKeyForm(stored.get(), directory.resolve(ADMIN_FILE).toString());
            return new Credentials(directory, stored.get(), false);
        }
        String key = ApiKeySecrets.generate();
        writePrivate(directory.resolve(ADMIN_FILE), key);
        return new Credentials(directory, key, true);
    }

    public String adminKey() {
        return adminKey;
    }

    /** @return whether the admin key was made just now, so it is to be shown once */
    public boolean adminKeyIsNew() {
        return adminKeyIsNew;
    }

    public Path adminKeyFile() {
        return directory.resolve(ADMIN_FILE);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The key kept in {@code credentials/<file>}, made with the admin key through ledger-service
     * the first time it is asked for.
     *
     * @param ledgerUrl ledger-service's base URL
     * @param file the file's name, such as {@code operator.key}
     * @param name the key's name
     * @param roles its roles
     * @return the key
     */
    public String keptKey(String ledgerUrl, String file, String name, List<String> roles) {
        Path path = directory.resolve(file);
        Optional<String> stored = read(path);
        if (stored.isPresent()) {
            return stored.get();
        }
        String key = createKey(ledgerUrl, adminKey, name, roles);
        writePrivate(path, key);
        return key;
    }

    /**
     * The password kept in {@code credentials/<file>}, made the first time it is asked for: 128
     * random bits, for a database or Kafka login the launcher sets up.
     *
     * @param file the file's name, such as {@code postgres-superuser.password}
     * @return the password
     */
    public String password(String file) {
        Path path = directory.resolve(file);
        Optional<String> stored = read(path);
        if (stored.isPresent()) {
            return stored.get();
        }
        String password = PostgresServer.newPassword();
        writePrivate(path, password);
        return password;
    }

    /**
     * The key both services link and verify the ledger's events with, kept in
     * {@code credentials/event-chain.key}, made with the data directory: every event stored
     * depends on it, so it is never replaced.
     *
     * @return the key as base64
     */
    public String eventChainKey() {
        Path path = directory.resolve(EVENT_CHAIN_KEY_FILE);
        Optional<String> stored = read(path);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] key = new byte[EVENT_CHAIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        String text = Base64.getEncoder().encodeToString(key);
        writePrivate(path, text);
        return text;
    }

    /**
     * Creates a key through {@code POST /admin/keys}.
     *
     * @return the new key, shown by ledger-service this once
     */
    public static String createKey(String ledgerUrl, String adminKey, String name, List<String> roles) {
        String body = JSON.createObjectNode().put("name", name)
                .set("roles", JSON.valueToTree(roles)).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(ledgerUrl + "/admin/keys"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("ledger-service refused to create the key '" + name + "': "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode created = JSON.readTree(response.body());
            return created.path("key").asText();
        } catch (IOException exception) {
            throw new IllegalStateException("ledger-service did not answer at " + ledgerUrl + ": " + exception.getMessage(),
                    exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the key '" + name + "'", exception);
        }
    }

    /** @return the key in the file, or empty when there is no such file */
    static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot read " + file, exception);
        }
    }

    private static void requireKeyForm(String key, String where) {
        if (ApiKeySecrets.keyId(key).isEmpty()) {
            throw new IllegalArgumentException(where + " does not hold a key of the form mlk_<16 characters>_<43 characters>");
        }
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
            }
            if (isPosix(directory)) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create " + directory, exception);
        }
    }

    /** Creates the file readable by its owner alone before a byte of the key is in it. */
    private static void writePrivate(Path file, String key) {
        try {
            if (isPosix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException exception) {
            throw new IllegalStateException(file + " appeared while the launcher was writing it; is another launcher "
                    + "using this data directory?", exception);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write " + file, exception);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
