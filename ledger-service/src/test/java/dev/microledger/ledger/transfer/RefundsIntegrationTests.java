package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Refunds through HTTP: partial and full, idempotent, never above what was posted. */
class RefundsIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String shop;
    private String paid;

    @BeforeEach
    void pay() {
        funding = unique("funding");
        alice = unique("alice");
        shop = unique("shop");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "10", "USD").status()).isEqualTo(201);
        paid = unique("t");
        assertThat(transfer(paid, alice, shop, "1", "USD").status()).isEqualTo(201);
    }

    private Response refund(String transferId, String refundId, String amount) {
        String amountField = amount == null ? "" : ",\"amount\":\"" + amount + "\"";
        return post("/transfers/" + transferId + "/refunds", "{\"refundId\":\"" + refundId + "\"" + amountField + "}");
    }

    @Test
    void partialRefundsAddUpToTheTransferAndNoFurther() {
        Response first = refund(paid, unique("r"), "0.25");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("status").asText()).isEqualTo("POSTED");
        assertThat(first.json().path("amount").asText()).isEqualTo("0.25");
        assertThat(first.json().path("transferId").asText()).isEqualTo(paid);

        assertThat(refund(paid, unique("r"), "0.75").status()).isEqualTo(201);
        Response over = refund(paid, unique("r"), "0.000001");

        assertThat(over.status()).isEqualTo(422);
        assertThat(over.code()).isEqualTo("refund_exceeds_transfer");
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000);
        assertThat(readAccount(shop).balanceMinor()).isZero();
    }

    @Test
    void aRefundWithoutAmountRefundsTheRest() {
        refund(paid, unique("r"), "0.4");

        Response rest = refund(paid, unique("r"), null);

        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.json().path("amount").asText()).isEqualTo("0.6");
        assertThat(refund(paid, unique("r"), null).code()).isEqualTo("refund_exceeds_transfer");
    }

    @Test
    void aRetriedRefundAnswersTheOriginalAndAReusedIdIsAConflict() {
        String refundId = unique("r");
        Response first = refund(paid, refundId, "0.1");
        Response again = refund(paid, refundId, "0.1");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(900_000);
        Response conflict = refund(paid, refundId, "0.2");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("refund_exists_with_different_fields");
    }

    @Test
    void theMerchantsFloorApplies() {
        assertThat(transfer(unique("t"), shop, funding, "0.9", "USD").status()).isEqualTo(201);

        Response refund = refund(paid, unique("r"), "0.2");

        assertThat(refund.code()).isEqualTo("insufficient_funds");
        assertThat(refund(paid, unique("r"), "0.1").status()).isEqualTo(201);
    }

    @Test
    void aPendingTransferHasNothingToRefundYet() {
        String hold = unique("h");
        transfer(hold, alice, shop, "1", "USD", "\"pending\":{\"timeoutSeconds\":300}");

        assertThat(refund(hold, unique("r"), "0.1").code()).isEqualTo("refund_exceeds_transfer");

        post("/transfers/" + hold + "/post", "{\"amount\":\"0.3\"}");
        assertThat(refund(hold, unique("r"), "0.300001").code()).isEqualTo("refund_exceeds_transfer");
        assertThat(refund(hold, unique("r"), "0.3").status()).isEqualTo(201);
    }

    @Test
    void badRefundRequestsAreClearErrors() {
        assertThat(refund(unique("none"), unique("r"), "0.1").code()).isEqualTo("transfer_not_found");
        assertThat(refund(paid, "bad id", "0.1").code()).isEqualTo("validation_failed");
        assertThat(refund(paid, unique("r"), "1e-3").code()).isEqualTo("invalid_amount");
        assertThat(refund(paid, unique("r"), "0").status()).isEqualTo(400);
        assertThat(post("/transfers/" + paid + "/refunds", "{}").code()).isEqualTo("validation_failed");
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(1_000_000);
    }

    @Test
    void concurrentRefundsRacingForTheLastCentNeverRefundMoreThanWasPaid() throws Exception {
        String small = unique("t");
        assertThat(transfer(small, alice, shop, "0.00001", "USD").status()).isEqualTo(201);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String refundId = unique("r");
                answers.add(pool.submit((Callable<Response>) () -> refund(small, refundId, "0.000001")));
            }
            int refunded = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.status() == 201) {
                    refunded++;
                } else {
                    assertThat(response.code()).isEqualTo("refund_exceeds_transfer");
                }
            }
            assertThat(refunded).isEqualTo(10);
            assertThat(readAccount(shop).balanceMinor()).isEqualTo(1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
