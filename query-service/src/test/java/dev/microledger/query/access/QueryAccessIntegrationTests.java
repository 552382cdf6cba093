package dev.microledger.query.access;

import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.access.Role;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** query-service honours the ledger's keys from the key topic: no key, a wrong role, a revoked key, a bad record. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QueryAccessIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("access");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> "ledger.events.access-" + TAG);
        registry.add("query.kafka.group-id", () -> "query-access-" + TAG);
        DATABASE.register(registry);
    }

    @Test
    void everyDataEndpointNeedsAKey() {
        TestHttp anonymous = new TestHttp(port, null);

        for (String path : new String[] {"/accounts/alice", "/accounts/alice/entries", "/analytics/trial-balance",
                "/admin/projections/rebuild", "/actuator/prometheus", "/accounts", "/settlements", "/bills/x"}) {
            Response answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.json().path("code").asText()).isEqualTo("unauthenticated");
            assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer");
        }
        assertThat(anonymous.send("POST", "/admin/projections/rebuild", "application/json").status()).isEqualTo(401);
    }

    @Test
    void dashboardFilesTheApiDocumentAndHealthAreOpenButHealthHasNoDetails() {
        TestHttp anonymous = new TestHttp(port, null);

        assertThat(anonymous.get("/", "text/html").status()).isEqualTo(200);
        assertThat(anonymous.get("/dashboard/api.js", "*/*").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html", "text/html").status()).isEqualTo(200);
        Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("components");
    }

    @Test
    void supportReadsOneAccountButNotTheAnalyticsNorTheRebuild() {
        TestHttp support = new TestHttp(port, TestKeys.key(Role.SUPPORT));

        assertThat(support.get("/accounts/nobody-" + TAG).status()).isEqualTo(404);
        Response analytics = support.get("/analytics/trial-balance");
        assertThat(analytics.status()).isEqualTo(403);
        assertThat(analytics.json().path("code").asText()).isEqualTo("forbidden");
        assertThat(analytics.json().path("requiredRole").asText()).isEqualTo("analyst");
        Response rebuild = support.send("POST", "/admin/projections/rebuild", "application/json");
        assertThat(rebuild.status()).isEqualTo(403);
        assertThat(rebuild.json().path("requiredRole").asText()).isEqualTo("operator");
    }

    @Test
    void aKeyOfOtherRolesOnlyIsForbidden() {
        TestHttp payments = new TestHttp(port, TestKeys.key(Role.PAYMENTS));

        Response answer = payments.get("/accounts/nobody-" + TAG);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("requiredRole").asText()).isEqualTo("support");
    }

    @Test
    void aRevocationOnTheTopicBindsWithinFiveSeconds() throws InterruptedException {
        String key = TestKeys.publishNew("to revoke " + TAG, Set.of(Role.ANALYST), null);
        TestHttp analyst = new TestHttp(port, key);
        assertThat(analyst.get("/analytics/trial-balance").status()).isEqualTo(200);
        ApiKey revoked = new ApiKey(ApiKeySecrets.keyId(key).orElseThrow(), "to revoke " + TAG, Set.of(Role.ANALYST),
                ApiKeySecrets.hash(key), Instant.now(), Instant.now());

        long start = System.nanoTime();
        TestKeys.publish(revoked);
        int status = 200;
        while (status != 401 && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            status = analyst.get("/analytics/trial-balance").status();
            Thread.sleep(50);
        }

        assertThat(status).isEqualTo(401);
    }

    @Test
    void aRevokedKeyStaysRevokedWhateverFollowsOnTheTopic() throws InterruptedException {
        String key = TestKeys.publishNew("revived " + TAG, Set.of(Role.SUPPORT), null);
        String keyId = ApiKeySecrets.keyId(key).orElseThrow();
        new TestHttp(port, key);
        ApiKey live = new ApiKey(keyId, "revived " + TAG, Set.of(Role.SUPPORT), ApiKeySecrets.hash(key), Instant.now(), null);
        TestKeys.publish(live.revokedAt(Instant.now()));
        TestKeys.publish(live);
        TestKeys.publishRaw(keyId, "not a key record".getBytes(StandardCharsets.UTF_8));
        // A later key proves the records before it were read.
        new TestHttp(port, TestKeys.publishNew("marker " + TAG, Set.of(Role.SUPPORT), null));

        assertThat(new TestHttp(port, null).sendWithKey("/accounts/x", key).status()).isEqualTo(401);
    }

    @Test
    void aTokenThatIsNoKeyIsUnauthenticated() {
        TestHttp anonymous = new TestHttp(port, null);

        for (String token : new String[] {ApiKeySecrets.generate(), "mlk_x", "eyJhbGciOiJub25lIn0.e30.", "x"}) {
            Response answer = anonymous.sendWithKey("/accounts/x", token);
            assertThat(answer.status()).as(token).isEqualTo(401);
            assertThat(answer.wwwAuthenticate()).startsWith("Bearer");
        }
    }
}
