package dev.microledger.ledger.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every endpoint of ledger-service's OpenAPI document, so that a new endpoint cannot be
 * forgotten, with no key, a revoked key and a key of each role, and checks 401 / 403 / let in
 * exactly as the contract's Access table says. The table here is written from the contract, not
 * read from the service's own rules. Every request carries an empty body, so a request let in is
 * refused by validation and a refused one must change nothing either.
 */
class EndpointRolesIntegrationTests extends LedgerIntegrationTestSupport {

    private static final List<String> ROLES = List.of("payments", "treasury", "accounts", "support", "analyst",
            "operator", "admin");

    /** The contract's table: "METHOD path" to the roles that may call it. */
    private static final Map<String, Set<String>> CONTRACT = Map.ofEntries(
            Map.entry("POST /transfers", Set.of("payments", "treasury")),
            Map.entry("POST /transfers/batch", Set.of("payments", "treasury")),
            Map.entry("POST /transfers/{transferId}/post", Set.of("payments", "treasury")),
            Map.entry("POST /transfers/{transferId}/void", Set.of("payments", "treasury")),
            Map.entry("POST /transfers/{transferId}/refunds", Set.of("payments", "treasury")),
            Map.entry("GET /transfers/{transferId}", Set.of("payments", "treasury", "support", "analyst")),
            Map.entry("PUT /accounts/{accountId}", Set.of("accounts")),
            Map.entry("PUT /accounts/{accountId}/limits", Set.of("accounts")),
            Map.entry("PUT /accounts/{accountId}/budget", Set.of("accounts")),
            Map.entry("POST /accounts/{accountId}/freeze", Set.of("accounts")),
            Map.entry("POST /accounts/{accountId}/unfreeze", Set.of("accounts")),
            Map.entry("POST /accounts/{accountId}/close", Set.of("accounts")),
            Map.entry("PUT /accounts/{accountId}/fees", Set.of("accounts")),
            Map.entry("DELETE /accounts/{accountId}/fees", Set.of("accounts")),
            Map.entry("PUT /accounts/{accountId}/payouts", Set.of("accounts")),
            Map.entry("DELETE /accounts/{accountId}/payouts", Set.of("accounts")),
            Map.entry("POST /accounts/{accountId}/bills", Set.of("treasury")),
            Map.entry("POST /bills/{billId}/payments", Set.of("treasury")),
            Map.entry("POST /settlements", Set.of("treasury")),
            Map.entry("GET /demo/clock", Set.of("operator")),
            Map.entry("PUT /demo/clock", Set.of("operator")),
            Map.entry("DELETE /demo/clock", Set.of("operator")),
            Map.entry("GET /admin/audit", Set.of("operator")),
            Map.entry("POST /admin/keys", Set.of("admin")),
            Map.entry("GET /admin/keys", Set.of("admin")),
            Map.entry("DELETE /admin/keys/{keyId}", Set.of("admin")));

    @Test
    void everyEndpointAnswersEachCredentialAsTheContractSays() throws Exception {
        Map<String, String> keys = new java.util.HashMap<>();
        for (String role : ROLES) {
            keys.put(role, role.equals("admin") ? TestKeys.ADMIN_KEY : TestKeys.key(port, role));
        }
        String revoked = TestKeys.create(port, "revoked", String.join(",", ROLES.subList(0, 6)));
        String revokedId = revoked.substring(4, 20);
        assertThat(sendRaw(request("DELETE", "/admin/keys/" + revokedId, TestKeys.ADMIN_KEY)).status()).isEqualTo(200);

        // The document is open: it holds no data, and the walk below proves that what it lists is not.
        Response documentAnswer = sendRaw(request("GET", "/v3/api-docs", null));
        assertThat(documentAnswer.status()).isEqualTo(200);
        JsonNode document = documentAnswer.json();
        Set<String> documented = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        List<String> untouchedAccounts = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            String endpoint = method.toUpperCase() + " " + path.getKey();
            documented.add(endpoint);
            Set<String> allowed = CONTRACT.get(endpoint);
            if (allowed == null) {
                wrong.add(endpoint + ": not in the contract's table; add it there and to LedgerAccessRules");
                return;
            }
            String accountId = unique("walk");
            untouchedAccounts.add(accountId);
            String concrete = path.getKey().replace("{accountId}", accountId).replace("{transferId}", unique("walk-t"))
                    .replace("{keyId}", "abcdefghijklmnop").replace("{billId}", "bill-" + unique("walk"));
            expect(wrong, endpoint, "no key", sendRaw(request(method.toUpperCase(), concrete, null)).status(), 401);
            expect(wrong, endpoint, "revoked key", sendRaw(request(method.toUpperCase(), concrete, revoked)).status(), 401);
            for (String role : ROLES) {
                int status = sendRaw(request(method.toUpperCase(), concrete, keys.get(role))).status();
                if (allowed.contains(role)) {
                    if (status == 401 || status == 403) {
                        wrong.add(endpoint + " with " + role + ": " + status + ", expected to be let in");
                    }
                } else {
                    expect(wrong, endpoint, role, status, 403);
                }
            }
        }));

        assertThat(wrong).isEmpty();
        assertThat(documented).contains("POST /transfers", "PUT /accounts/{accountId}", "POST /admin/keys");
        for (String accountId : untouchedAccounts) {
            assertThat(put("/accounts/" + accountId + "/limits", "{}").code()).as(accountId).isEqualTo("account_not_found");
        }
    }

    private static void expect(List<String> wrong, String endpoint, String who, int status, int expected) {
        if (status != expected) {
            wrong.add(endpoint + " with " + who + ": " + status + ", expected " + expected);
        }
    }

    private HttpRequest.Builder request(String method, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }
}
