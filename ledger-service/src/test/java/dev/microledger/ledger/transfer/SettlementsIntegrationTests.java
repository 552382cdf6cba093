package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merchant settlements through HTTP: the unsettled payments up to a cutoff, less fees and
 * refunds, move to the payout account once; a payment after the cutoff waits for the next one.
 */
class SettlementsIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String shop;
    private String revenue;
    private String payouts;

    @BeforeEach
    void accounts() {
        funding = unique("funding");
        alice = unique("alice");
        shop = unique("shop");
        revenue = unique("fees");
        payouts = unique("payouts");
        for (String system : List.of(funding, revenue, payouts)) {
            assertThat(openAccount(system, "USD", "SYSTEM", null).status()).isEqualTo(201);
        }
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "100", "USD").status()).isEqualTo(201);
        put("/accounts/" + shop + "/fees", "{\"rate\":\"0.1\",\"revenueAccountId\":\"" + revenue + "\"}");
    }

    private Response settle(String cutoff) {
        String cutoffField = cutoff == null ? "" : ",\"cutoff\":\"" + cutoff + "\"";
        return post("/settlements", "{\"merchantAccountId\":\"" + shop + "\",\"payoutAccountId\":\"" + payouts + "\""
                + cutoffField + "}");
    }

    @Test
    void aSettlementPaysOutTheNetOfPaymentsFeesAndRefundsOnce() {
        transfer(unique("t"), alice, shop, "1", "USD");
        String refunded = unique("t");
        transfer(refunded, alice, shop, "2", "USD");
        post("/transfers/" + refunded + "/refunds", "{\"refundId\":\"" + unique("r") + "\",\"amount\":\"0.5\"}");

        Response settlement = settle(null);

        assertThat(settlement.status()).isEqualTo(201);
        assertThat(settlement.json().path("settlementId").asText()).startsWith("stl-");
        assertThat(settlement.json().path("count").asLong()).isEqualTo(2);
        assertThat(settlement.json().path("gross").asText()).isEqualTo("3");
        // Fees of 0.1 and 0.2, less the 0.05 the refund gave back.
        assertThat(settlement.json().path("fees").asText()).isEqualTo("0.25");
        assertThat(settlement.json().path("refunds").asText()).isEqualTo("0.5");
        assertThat(settlement.json().path("net").asText()).isEqualTo("2.25");
        assertThat(readAccount(shop).balanceMinor()).isZero();
        assertThat(readAccount(payouts).balanceMinor()).isEqualTo(2_250_000);

        Response again = settle(null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("settlementId").isNull()).isTrue();
        assertThat(readAccount(payouts).balanceMinor()).isEqualTo(2_250_000);
    }

    @Test
    void aPaymentAfterTheCutoffWaitsForTheNextSettlement() throws Exception {
        transfer(unique("t"), alice, shop, "1", "USD");
        String cutoff = Instant.now().toString();
        Thread.sleep(5);
        assertThat(settle(Instant.parse(cutoff).minusSeconds(3600).toString()).json().path("settlementId").isNull())
                .isTrue();
        transfer(unique("t"), alice, shop, "2", "USD");

        // Both payments share a minute: the minute is settled whole by the first cutoff after its last payment.
        Response first = settle(cutoff);
        Response second = settle(null);

        long settled = 0;
        for (Response response : List.of(first, second)) {
            if (response.status() == 201) {
                settled += Math.round(Double.parseDouble(response.json().path("net").asText()) * 1_000_000);
            }
        }
        assertThat(settled).isEqualTo(2_700_000);
        assertThat(second.status()).isEqualTo(201);
        assertThat(readAccount(shop).balanceMinor()).isZero();
    }

    @Test
    void whatIsUnsettledSurvivesASnapshotOfTheMerchant() {
        for (int i = 0; i < 12; i++) {
            assertThat(transfer(unique("t"), alice, shop, "0.1", "USD").status()).isEqualTo(201);
        }
        for (int i = 0; i < 20; i++) {
            openAccount(unique("evict"), "USD", "USER", null);
        }

        Response settlement = settle(null);

        assertThat(settlement.json().path("count").asLong()).isEqualTo(12);
        assertThat(settlement.json().path("net").asText()).isEqualTo("1.08");
    }

    @Test
    void concurrentSettlementsPayOutOnlyOnce() throws Exception {
        transfer(unique("t"), alice, shop, "1", "USD");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> settle(null)));
            }
            int made = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).isIn(200, 201);
                made += response.status() == 201 ? 1 : 0;
            }
            assertThat(made).isEqualTo(1);
            assertThat(readAccount(payouts).balanceMinor()).isEqualTo(900_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badSettlementRequestsAreClearErrorsAndChangeNothing() {
        transfer(unique("t"), alice, shop, "1", "USD");
        assertThat(settle(Instant.now().plusSeconds(60).toString()).code()).isEqualTo("validation_failed");
        assertThat(settle("yesterday").code()).isEqualTo("validation_failed");
        assertThat(post("/settlements", "{\"merchantAccountId\":\"" + alice + "\",\"payoutAccountId\":\"" + payouts
                + "\"}").code()).isEqualTo("account_kind_mismatch");
        assertThat(post("/settlements", "{\"merchantAccountId\":\"" + shop + "\",\"payoutAccountId\":\"" + alice
                + "\"}").code()).isEqualTo("account_kind_mismatch");
        assertThat(post("/settlements", "{\"merchantAccountId\":\"" + shop + "\",\"payoutAccountId\":\"" + unique("x")
                + "\"}").code()).isEqualTo("account_not_found");
        assertThat(post("/settlements", "{\"merchantAccountId\":\"" + shop + "\"}").code()).isEqualTo("validation_failed");
        assertThat(post("/settlements", "{\"merchantAccountId\":\"" + shop + "\",\"payoutAccountId\":\"" + payouts
                + "\",\"cutof\":\"x\"}").code()).isEqualTo("unknown_field");
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(900_000);
    }
}
