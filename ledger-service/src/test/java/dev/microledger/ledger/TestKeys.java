package dev.microledger.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.access.ApiKeySecrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys for tests that drive ledger-service over HTTP, made the way an operator makes them: the
 * bootstrap admin key ({@code ledger.access.admin-key}) creates the others through
 * {@code POST /admin/keys}.
 */
public final class TestKeys {

    /** The admin key every test service of this JVM starts with. */
    public static final String ADMIN_KEY = ApiKeySecrets.generate();

    /** The event chain key every test service of this JVM links its events with: 32 random bytes. */
    public static final String EVENT_CHAIN_KEY = randomChainKey();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    /** @return the argument that starts a service with {@link #ADMIN_KEY} */
    public static String adminKeyArgument() {
        return "--ledger.access.admin-key=" + ADMIN_KEY;
    }

    /** @return the argument that starts a service with {@link #EVENT_CHAIN_KEY} */
    public static String eventChainKeyArgument() {
        return "--ledger.events.chain-key=" + EVENT_CHAIN_KEY;
    }

    private static String randomChainKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /**
     * A key with the given roles on the service at that port, created once per service and roles.
     *
     * @param roles role names separated by commas, such as {@code payments,treasury}
     */
    public static String key(int port, String roles) {
        return CREATED.computeIfAbsent(port + "/" + roles, ignored -> create(port, "test " + roles, roles));
    }

    /** A key with every role but admin. */
    public static String allRoles(int port) {
        return key(port, "payments,treasury,accounts,support,analyst,operator");
    }

    /** Creates a new key, not cached. */
    public static String create(int port, String name, String roles) {
        StringBuilder array = new StringBuilder("[");
        for (String role : roles.split(",")) {
            array.append(array.length() > 1 ? "," : "").append('"').append(role.trim()).append('"');
        }
        array.append(']');
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/admin/keys"))
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"roles\":" + array + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("creating a key answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("key").asText();
        } catch (IOException exception) {
            throw new IllegalStateException(exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(exception);
        }
    }
}
