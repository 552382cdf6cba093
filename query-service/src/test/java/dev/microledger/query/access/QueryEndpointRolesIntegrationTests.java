package dev.microledger.query.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.access.Role;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every endpoint of query-service's OpenAPI document with no key, a revoked key and a key
 * of each role, and checks 401 / 403 / let in exactly as the contract's Access table says (the
 * table written here from the contract, not read from the service's rules).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QueryEndpointRolesIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("roles");
    private static final Set<Role> READERS = Set.of(Role.SUPPORT, Role.ANALYST);

    /** The contract's table: "METHOD path" to the roles that may call it. */
    private static final Map<String, Set<Role>> CONTRACT = Map.ofEntries(
            Map.entry("GET /accounts", READERS),
            Map.entry("GET /accounts/{accountId}", READERS),
            Map.entry("GET /accounts/{accountId}/entries", READERS),
            Map.entry("GET /accounts/{accountId}/balance-at", READERS),
            Map.entry("GET /accounts/{accountId}/spending", READERS),
            Map.entry("GET /accounts/{accountId}/alerts", READERS),
            Map.entry("GET /accounts/{accountId}/statements", READERS),
            Map.entry("GET /accounts/{accountId}/bills", READERS),
            Map.entry("GET /bills/{billId}", READERS),
            Map.entry("GET /settlements", READERS),
            Map.entry("GET /analytics/spending", Set.of(Role.ANALYST)),
            Map.entry("GET /analytics/transfer-sizes", Set.of(Role.ANALYST)),
            Map.entry("GET /analytics/declines", Set.of(Role.ANALYST)),
            Map.entry("GET /analytics/trial-balance", Set.of(Role.ANALYST)),
            Map.entry("GET /analytics/savings", Set.of(Role.ANALYST)),
            Map.entry("GET /admin/projections/rebuild", Set.of(Role.OPERATOR)),
            Map.entry("POST /admin/projections/rebuild", Set.of(Role.OPERATOR)),
            Map.entry("POST /admin/projections/rebuild/switch", Set.of(Role.OPERATOR)),
            Map.entry("GET /admin/projections/set-aside", Set.of(Role.OPERATOR)),
            Map.entry("GET /admin/projections/held-accounts", Set.of(Role.OPERATOR)),
            Map.entry("POST /admin/projections/set-aside/{partition}/{offset}/replay", Set.of(Role.OPERATOR)));

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> "ledger.events.roles-" + TAG);
        registry.add("query.kafka.group-id", () -> "query-roles-" + TAG);
        DATABASE.register(registry);
    }

    @Test
    void everyEndpointAnswersEachCredentialAsTheContractSays() {
        Map<Role, TestHttp> clients = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            clients.put(role, new TestHttp(port, TestKeys.key(role)));
        }
        String revokedKey = TestKeys.publishNew("revoked " + TAG, Set.of(Role.values()), null);
        new TestHttp(port, revokedKey);
        TestKeys.publish(new ApiKey(ApiKeySecrets.keyId(revokedKey).orElseThrow(), "revoked " + TAG, Set.of(Role.values()),
                ApiKeySecrets.hash(revokedKey), Instant.now(), Instant.now()));
        TestHttp anonymous = new TestHttp(port, null);
        awaitRevoked(anonymous, revokedKey);

        // The document is open: it holds no data, and the walk below proves that what it lists is not.
        TestHttp.Response documentAnswer = anonymous.get("/v3/api-docs");
        assertThat(documentAnswer.status()).isEqualTo(200);
        JsonNode document = documentAnswer.json();
        List<String> wrong = new ArrayList<>();
        List<String> documented = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            String verb = method.toUpperCase();
            String endpoint = verb + " " + path.getKey();
            documented.add(endpoint);
            Set<Role> allowed = CONTRACT.get(endpoint);
            if (allowed == null) {
                wrong.add(endpoint + ": not in the contract's table; add it there and to QueryAccessRules");
                return;
            }
            String concrete = path.getKey().replace("{accountId}", "walk-" + TAG)
                    .replace("{partition}", "0").replace("{offset}", "0").replace("{billId}", "bill-walk-" + TAG);
            expect(wrong, endpoint, "no key", anonymous.send(verb, concrete, "application/json").status(), 401);
            expect(wrong, endpoint, "revoked key", anonymous.sendWithKey(verb, concrete, revokedKey).status(), 401);
            for (Role role : Role.values()) {
                int status = clients.get(role).send(verb, concrete, "application/json").status();
                if (allowed.contains(role)) {
                    if (status == 401 || status == 403) {
                        wrong.add(endpoint + " with " + role + ": " + status + ", expected to be let in");
                    }
                } else {
                    expect(wrong, endpoint, role.wireName(), status, 403);
                }
            }
        }));

        assertThat(wrong).isEmpty();
        assertThat(documented).contains("GET /accounts/{accountId}", "GET /analytics/trial-balance");
    }

    private static void awaitRevoked(TestHttp anonymous, String key) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (anonymous.sendWithKey("GET", "/accounts/x", key).status() != 401 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void expect(List<String> wrong, String endpoint, String who, int status, int expected) {
        if (status != expected) {
            wrong.add(endpoint + " with " + who + ": " + status + ", expected " + expected);
        }
    }
}
