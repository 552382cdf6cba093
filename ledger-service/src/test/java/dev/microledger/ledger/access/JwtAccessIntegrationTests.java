package dev.microledger.ledger.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.LedgerEvent;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.publishing.TopicEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs from an identity provider, checked by Spring Security's resource server against a
 * JWK set this test serves itself, with tokens signed by a key the test makes: no mocked decoder.
 */
// A context of its own (other access settings): closed after this class, so that its publisher,
// which reads the event store all classes share, does not publish the other classes' events again.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JwtAccessIntegrationTests extends LedgerIntegrationTestSupport {

    private static final String ISSUER = "https://id.example.test";
    private static final RSAKey SIGNING_KEY = rsaKey("provider-key");
    private static final RSAKey OTHER_KEY = rsaKey("someone-else");
    private static final HttpServer JWKS = serveJwks();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("access.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks.json");
        registry.add("access.jwt.issuer-uri", () -> ISSUER);
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @Test
    void aTokenWithRolesIsLetInAndItsSubjectIsTheActor() {
        String accountId = unique("jwt");
        String token = token(SIGNING_KEY, "billing-service", List.of("accounts", "treasury"), ISSUER, 300);

        Response opened = call("PUT", "/accounts/" + accountId, "{\"currency\":\"USD\",\"kind\":\"USER\"}", token);

        assertThat(opened.status()).isEqualTo(201);
        List<LedgerEvent> events = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC, Set.of(accountId), 1,
                Duration.ofSeconds(60));
        assertThat(events.get(0).actor()).isEqualTo("token:billing-service");
    }

    @Test
    void aTokenWithoutTheRoleIsForbidden() {
        String token = token(SIGNING_KEY, "support-desk", List.of("support", "not-a-ledger-role"), ISSUER, 300);

        Response answer = call("PUT", "/accounts/" + unique("jwt"), "{\"currency\":\"USD\",\"kind\":\"USER\"}", token);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("requiredRole").asText()).isEqualTo("accounts");
    }

    @Test
    void forgedExpiredAndForeignTokensAreUnauthenticated() {
        String forged = token(OTHER_KEY, "intruder", List.of("treasury"), ISSUER, 300);
        String expired = token(SIGNING_KEY, "late", List.of("accounts"), ISSUER, -120);
        String foreign = token(SIGNING_KEY, "elsewhere", List.of("accounts"), "https://other.example.test", 300);

        for (String token : List.of(forged, expired, foreign)) {
            Response answer = call("PUT", "/accounts/" + unique("jwt"), "{\"currency\":\"USD\",\"kind\":\"USER\"}", token);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("unauthenticated");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    private Response call(String method, String path, String body, String token) {
        return sendRaw(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String token(RSAKey key, String subject, List<String> roles, String issuer, long secondsValid) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject(subject).issuer(issuer).claim("roles", roles)
                            .issueTime(Date.from(now.minusSeconds(600)))
                            .expirationTime(Date.from(now.plusSeconds(secondsValid))).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** The identity provider's JWK set, with its public key only, on loopback. */
    private static HttpServer serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException exception) {
            throw new IllegalStateException(exception);
        }
    }
}
