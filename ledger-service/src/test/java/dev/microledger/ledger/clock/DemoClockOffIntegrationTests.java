package dev.microledger.ledger.clock;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** By default the ledger's clock is the system clock and nobody can set it. */
class DemoClockOffIntegrationTests extends LedgerIntegrationTestSupport {

    @Test
    void theDemoClockCannotBeSetUnlessTurnedOn() {
        Response pin = put("/demo/clock", "{\"at\":\"2026-01-01T00:00:00Z\"}");

        assertThat(pin.status()).isEqualTo(404);
        assertThat(pin.json().path("code").asText()).isEqualTo("not_found");
    }
}
