package dev.microledger.ledger.access;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A key that sends more than its rate is answered 429 with Retry-After; other keys go on. */
// A context of its own (other access settings): closed after this class, so that its publisher,
// which reads the event store all classes share, does not publish the other classes' events again.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RateLimitIntegrationTests extends LedgerIntegrationTestSupport {

    @DynamicPropertySource
    static void tightLimit(DynamicPropertyRegistry registry) {
        registry.add("access.requests-per-second", () -> 1);
        registry.add("access.burst-requests", () -> 3);
    }

    @Test
    void aKeyPastItsBurstIsToldWhenToComeBackAndOtherKeysAreUnaffected() {
        String noisy = TestKeys.create(port, "noisy", "support");
        String quiet = TestKeys.create(port, "quiet", "support");

        int[] statuses = new int[4];
        Response last = null;
        for (int i = 0; i < statuses.length; i++) {
            last = get(noisy, "/transfers/" + unique("t"));
            statuses[i] = last.status();
        }

        assertThat(statuses).containsExactly(404, 404, 404, 429);
        assertThat(last.code()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 2);
        assertThat(get(quiet, "/transfers/" + unique("t")).status()).isEqualTo(404);
        assertThat(get(TestKeys.key(port, "operator"), "/actuator/prometheus").body())
                .contains("ledger_access_denied_total{application=\"ledger-service\",reason=\"rate_limited\"}");
    }

    private Response get(String key, String path) {
        return sendRaw(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET());
    }
}
