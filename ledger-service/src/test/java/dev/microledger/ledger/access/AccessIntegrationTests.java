package dev.microledger.ledger.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys and roles on ledger-service, tried as an attacker would: no key, a wrong key, the wrong role, twice at once. */
class AccessIntegrationTests extends LedgerIntegrationTestSupport {

    @Test
    void requestWithoutKeyIsUnauthenticatedAndChangesNothing() {
        String accountId = unique("no-key");

        Response answer = raw("PUT", "/accounts/" + accountId, "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(get("/transfers/" + unique("none")).status()).isEqualTo(404);
        assertThat(put("/accounts/" + accountId + "/limits", "{}").code()).isEqualTo("account_not_found");
    }

    @Test
    void unknownMalformedAndForgedKeysAreUnauthenticated() {
        String realKey = TestKeys.allRoles(port);
        String forged = realKey.substring(0, realKey.length() - 4) + "AAAA";
        for (String key : new String[] {ApiKeySecrets.generate(), "mlk_nonsense", forged, "not-a-key", "x".repeat(5000)}) {
            Response answer = raw("GET", "/transfers/" + unique("t"), null, key);

            assertThat(answer.status()).as(key).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("unauthenticated");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void keyWithoutTheRoleIsForbiddenAndChangesNothing() {
        String support = TestKeys.key(port, "support");
        String accountId = unique("wrong-role");

        Response answer = raw("PUT", "/accounts/" + accountId, "{\"currency\":\"USD\",\"kind\":\"USER\"}", support);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("forbidden");
        assertThat(answer.json().path("requiredRole").asText()).isEqualTo("accounts");
        assertThat(put("/accounts/" + accountId + "/limits", "{}").code()).isEqualTo("account_not_found");
    }

    @Test
    void onlyTreasuryMayDebitASystemAccount() {
        String funding = unique("funding");
        String alice = unique("alice");
        openAccount(funding, "USD", "SYSTEM", null);
        openAccount(alice, "USD", "USER", null);
        String payments = TestKeys.key(port, "payments");
        String treasury = TestKeys.key(port, "treasury");
        String body = "{\"transferId\":\"%s\",\"debitAccountId\":\"" + funding + "\",\"creditAccountId\":\"" + alice
                + "\",\"amount\":\"1000000\",\"currency\":\"USD\"}";
        String transferId = unique("mint");

        Response minted = raw("POST", "/transfers", body.formatted(transferId), payments);
        Response batch = raw("POST", "/transfers/batch", "{\"transfers\":[" + body.formatted(unique("mint")) + "]}", payments);

        assertThat(minted.status()).isEqualTo(403);
        assertThat(minted.code()).isEqualTo("forbidden");
        assertThat(minted.json().path("requiredRole").asText()).isEqualTo("treasury");
        assertThat(batch.json().path("results").get(0).path("code").asText()).isEqualTo("forbidden");
        assertThat(readAccount(alice).balanceMinor()).isZero();
        // The refused id is still free: treasury may use it.
        assertThat(raw("POST", "/transfers", body.formatted(transferId), treasury).status()).isEqualTo(201);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void keysAreCreatedListedWithoutSecretsAndRevokedAtOnce() {
        Response created = raw("POST", "/admin/keys", "{\"name\":\"paywall\",\"roles\":[\"payments\"]}", TestKeys.ADMIN_KEY);
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("key").asText();
        String keyId = created.json().path("keyId").asText();
        assertThat(key).startsWith("mlk_" + keyId + "_");
        assertThat(created.json().path("roles").get(0).asText()).isEqualTo("payments");
        assertThat(raw("GET", "/transfers/" + unique("t"), null, key).status()).isEqualTo(404);

        Response listed = raw("GET", "/admin/keys", null, TestKeys.ADMIN_KEY);
        assertThat(listed.body()).doesNotContain(key.substring(21)).doesNotContain(ApiKeySecrets.hash(key));
        JsonNode mine = null;
        for (JsonNode entry : listed.json().path("keys")) {
            if (entry.path("keyId").asText().equals(keyId)) {
                mine = entry;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("name").asText()).isEqualTo("paywall");
        assertThat(mine.has("key")).isFalse();
        assertThat(mine.has("lastUsedAt")).isTrue();
        assertThat(mine.path("revokedAt").isNull()).isTrue();

        Response revoked = raw("DELETE", "/admin/keys/" + keyId, null, TestKeys.ADMIN_KEY);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revokedAt").asText()).isNotEmpty();
        Response refused = raw("GET", "/transfers/" + unique("t"), null, key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("detail").asText()).contains("revoked");
        assertThat(raw("DELETE", "/admin/keys/" + keyId, null, TestKeys.ADMIN_KEY).json().path("revokedAt").asText())
                .isEqualTo(revoked.json().path("revokedAt").asText());
    }

    @Test
    void keyManagementRefusesBadInputAndOtherRoles() {
        assertThat(raw("POST", "/admin/keys", "{\"name\":\"x\",\"roles\":[\"root\"]}", TestKeys.ADMIN_KEY).code())
                .isEqualTo("validation_failed");
        assertThat(raw("POST", "/admin/keys", "{\"name\":\"x\",\"roles\":[]}", TestKeys.ADMIN_KEY).code())
                .isEqualTo("validation_failed");
        assertThat(raw("POST", "/admin/keys", "{\"name\":\"a\\u0000b\",\"roles\":[\"payments\"]}", TestKeys.ADMIN_KEY).code())
                .isEqualTo("validation_failed");
        assertThat(raw("DELETE", "/admin/keys/nosuchkeyatall00", null, TestKeys.ADMIN_KEY).code()).isEqualTo("key_not_found");
        Response byOperator = raw("POST", "/admin/keys", "{\"name\":\"x\",\"roles\":[\"admin\"]}", TestKeys.allRoles(port));
        assertThat(byOperator.status()).isEqualTo(403);
        assertThat(byOperator.json().path("requiredRole").asText()).isEqualTo("admin");
        // The admin key moves no money.
        assertThat(raw("POST", "/transfers", "{}", TestKeys.ADMIN_KEY).status()).isEqualTo(403);
    }

    @Test
    void twoRevocationsAtOnceBothSucceedWithOneTime() throws Exception {
        String key = TestKeys.create(port, "racy", "support");
        String keyId = ApiKeySecrets.keyId(key).orElseThrow();
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> raw("DELETE", "/admin/keys/" + keyId, null, TestKeys.ADMIN_KEY)));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> raw("DELETE", "/admin/keys/" + keyId, null, TestKeys.ADMIN_KEY)));
        start.countDown();

        Response one = first.get();
        Response two = second.get();
        assertThat(one.status()).isEqualTo(200);
        assertThat(two.status()).isEqualTo(200);
        assertThat(one.json().path("revokedAt").asText()).isEqualTo(two.json().path("revokedAt").asText());
    }

    @Test
    void healthIsOpenButSaysOnlyUpWithoutAnOperatorKey() {
        Response open = raw("GET", "/actuator/health", null, null);
        Response operator = raw("GET", "/actuator/health", null, TestKeys.key(port, "operator"));

        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).contains("UP").doesNotContain("components").doesNotContain("jdbc");
        assertThat(operator.body()).contains("components");
        assertThat(raw("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        assertThat(raw("GET", "/actuator/prometheus", null, TestKeys.key(port, "payments")).status()).isEqualTo(403);
        assertThat(raw("GET", "/actuator/prometheus", null, TestKeys.key(port, "operator")).body())
                .contains("ledger_access_denied_total");
    }

    @Test
    void everyAnswerCarriesARequestId() {
        Response given = sendRaw(HttpRequest.newBuilder(url("/actuator/health")).header("X-Request-Id", "checkout-42").GET());
        Response generated = raw("GET", "/transfers/x", null, null);

        assertThat(given.header("X-Request-Id")).isEqualTo("checkout-42");
        assertThat(generated.status()).isEqualTo(401);
        assertThat(generated.header("X-Request-Id")).hasSizeGreaterThan(8);
    }

    @Test
    void pathIdsAreWholeSegments() {
        String bob = unique("bob");
        openAccount(bob, "USD", "USER", null);

        Response semicolon = raw("POST", "/accounts/" + bob + ";x/freeze", null, TestKeys.allRoles(port));
        Response encodedSlash = raw("POST", "/accounts/" + bob + "%2Fx/freeze", null, TestKeys.allRoles(port));

        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.code()).isEqualTo("validation_failed");
        assertThat(encodedSlash.status()).isEqualTo(400);
        assertThat(readAccount(bob).status().name()).isEqualTo("OPEN");
    }

    private Response raw(String method, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return sendRaw(request);
    }

    private static <T> T awaitThen(CountDownLatch start, java.util.function.Supplier<T> action) {
        try {
            start.await();
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(exception);
        }
        return action.get();
    }
}
