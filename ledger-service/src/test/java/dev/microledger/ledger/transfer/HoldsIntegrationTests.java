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

/** Pending transfers through HTTP: place, post (full or partial), void, expire, and their races. */
class HoldsIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String shop;

    @BeforeEach
    void openAccounts() {
        funding = unique("funding");
        alice = unique("alice");
        shop = unique("shop");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "10", "USD").status()).isEqualTo(201);
    }

    private Response hold(String transferId, String amount, int timeoutSeconds) {
        return transfer(transferId, alice, shop, amount, "USD", "\"pending\":{\"timeoutSeconds\":" + timeoutSeconds + "}");
    }

    @Test
    void aHoldReservesFundsWithoutMovingThem() {
        String id = unique("h");
        Response placed = hold(id, "7", 300);

        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(placed.json().path("expiresAt").asText()).isNotEmpty();
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000);
        assertThat(readAccount(alice).heldMinor()).isEqualTo(7_000_000);
        assertThat(readAccount(shop).balanceMinor()).isZero();
        // Available is 10 - 7 = 3: 3 passes, a minor unit more does not.
        assertThat(transfer(unique("t"), alice, shop, "3.000001", "USD").code()).isEqualTo("insufficient_funds");
        assertThat(transfer(unique("t"), alice, shop, "3", "USD").status()).isEqualTo(201);
        assertThat(hold(id, "7", 300).status()).isEqualTo(200);
    }

    @Test
    void postingPartOfAHoldMovesThatPartAndReleasesTheRest() {
        String id = unique("h");
        hold(id, "7", 300);

        Response posted = post("/transfers/" + id + "/post", "{\"amount\":\"5.5\"}");

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.json().path("status").asText()).isEqualTo("POSTED");
        assertThat(posted.json().path("postedAmount").asText()).isEqualTo("5.5");
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(4_500_000);
        assertThat(readAccount(alice).heldMinor()).isZero();
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(5_500_000);
        assertThat(posted.json().path("versions").path(shop).asLong()).isEqualTo(readAccount(shop).version());
    }

    @Test
    void postingWithoutAnAmountPostsTheWholeHold() {
        String id = unique("h");
        hold(id, "2", 300);

        assertThat(post("/transfers/" + id + "/post", "").status()).isEqualTo(200);

        assertThat(readAccount(shop).balanceMinor()).isEqualTo(2_000_000);
    }

    @Test
    void aHoldEndsOnceOnly() {
        String posted = unique("h");
        hold(posted, "1", 300);
        assertThat(post("/transfers/" + posted + "/post", "{}").status()).isEqualTo(200);
        assertThat(post("/transfers/" + posted + "/post", "{}").code()).isEqualTo("transfer_not_pending");
        assertThat(post("/transfers/" + posted + "/void", "").code()).isEqualTo("transfer_not_pending");

        String voided = unique("h");
        hold(voided, "1", 300);
        Response voidAnswer = post("/transfers/" + voided + "/void", "");
        assertThat(voidAnswer.status()).isEqualTo(200);
        assertThat(voidAnswer.json().path("status").asText()).isEqualTo("VOIDED");
        assertThat(post("/transfers/" + voided + "/post", "{}").code()).isEqualTo("transfer_not_pending");
        assertThat(readAccount(alice).heldMinor()).isZero();
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(9_000_000);
    }

    @Test
    void postingMoreThanTheHoldIsRefusedAndChangesNothing() {
        String id = unique("h");
        hold(id, "1", 300);
        long version = readAccount(alice).version();

        Response answer = post("/transfers/" + id + "/post", "{\"amount\":\"1.000001\"}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.code()).isEqualTo("amount_exceeds_hold");
        assertThat(readAccount(alice).version()).isEqualTo(version);
        assertThat(post("/transfers/" + id + "/post", "{\"amount\":\"1\"}").status()).isEqualTo(200);
    }

    @Test
    void badRequestsAreClearErrors() {
        assertThat(post("/transfers/" + unique("nothing") + "/post", "{}").code()).isEqualTo("transfer_not_found");
        assertThat(post("/transfers/" + unique("nothing") + "/void", "").status()).isEqualTo(404);
        assertThat(post("/transfers/bad%20id/void", "").code()).isEqualTo("validation_failed");
        assertThat(hold(unique("h"), "1", 0).code()).isEqualTo("validation_failed");
        assertThat(transfer(unique("h"), alice, shop, "1", "USD", "\"pending\":{\"timeoutSeconds\":\"60\"}").code())
                .isEqualTo("validation_failed");
        String plain = unique("t");
        transfer(plain, alice, shop, "1", "USD");
        assertThat(post("/transfers/" + plain + "/post", "{}").code()).isEqualTo("transfer_not_pending");
        String id = unique("h");
        hold(id, "1", 300);
        assertThat(post("/transfers/" + id + "/post", "{\"amount\":\"0.0000001\"}").code())
                .isEqualTo("amount_precision_exceeded");
        assertThat(post("/transfers/" + id + "/post", "{\"amount\":\"-1\"}").status()).isEqualTo(400);
        assertThat(readAccount(alice).heldMinor()).isEqualTo(1_000_000);
    }

    @Test
    void aHoldPastItsTimeoutExpiresByItselfAndCannotBePostedAfterwards() throws InterruptedException {
        String id = unique("h");
        hold(id, "4", 1);

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (readAccount(alice).heldMinor() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(readAccount(alice).heldMinor()).isZero();
        Response post = post("/transfers/" + id + "/post", "{}");
        assertThat(post.code()).isEqualTo("transfer_not_pending");
        assertThat(post.json().path("status").asText()).isEqualTo("EXPIRED");
        assertThat(post("/transfers/" + id + "/void", "").code()).isEqualTo("transfer_not_pending");
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000);
    }

    @Test
    void aFrozenAccountStopsAPostButNotAVoid() {
        String id = unique("h");
        hold(id, "1", 300);
        assertThat(post("/accounts/" + shop + "/freeze", "").status()).isEqualTo(200);

        assertThat(post("/transfers/" + id + "/post", "{}").code()).isEqualTo("account_frozen");
        assertThat(readAccount(alice).heldMinor()).isEqualTo(1_000_000);

        assertThat(post("/accounts/" + shop + "/unfreeze", "").status()).isEqualTo(200);
        assertThat(post("/transfers/" + id + "/post", "{}").status()).isEqualTo(200);

        String other = unique("h");
        hold(other, "1", 300);
        post("/accounts/" + alice + "/freeze", "");
        assertThat(post("/transfers/" + other + "/post", "{}").code()).isEqualTo("account_frozen");
        assertThat(post("/transfers/" + other + "/void", "").status()).isEqualTo(200);
        assertThat(readAccount(alice).heldMinor()).isZero();
    }

    @Test
    void aPostAndAVoidRacingForTheSameHoldHaveExactlyOneWinner() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = unique("h");
            assertThat(hold(id, "0.1", 300).status()).isEqualTo(201);
            ids.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> posts = new ArrayList<>();
            List<Future<Response>> voids = new ArrayList<>();
            for (String id : ids) {
                posts.add(pool.submit((Callable<Response>) () -> post("/transfers/" + id + "/post", "{}")));
                voids.add(pool.submit((Callable<Response>) () -> post("/transfers/" + id + "/void", "")));
            }
            int posted = 0;
            for (int i = 0; i < ids.size(); i++) {
                Response postAnswer = posts.get(i).get();
                Response voidAnswer = voids.get(i).get();
                assertThat(postAnswer.status() == 200 ^ voidAnswer.status() == 200)
                        .as("exactly one of post and void wins for %s", ids.get(i)).isTrue();
                Response loser = postAnswer.status() == 200 ? voidAnswer : postAnswer;
                assertThat(loser.code()).isEqualTo("transfer_not_pending");
                if (postAnswer.status() == 200) {
                    posted++;
                }
            }
            assertThat(readAccount(alice).heldMinor()).isZero();
            assertThat(readAccount(shop).balanceMinor()).isEqualTo(posted * 100_000L);
            assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000L - posted * 100_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHoldOnAPostpaidAccountSpendsIntoItsCreditLimit() {
        String carrierUser = unique("phone");
        assertThat(openAccount(carrierUser, "USD", "USER", "10").status()).isEqualTo(201);

        assertThat(transfer(unique("h"), carrierUser, shop, "10.000001", "USD",
                "\"pending\":{\"timeoutSeconds\":60}").code()).isEqualTo("insufficient_funds");
        String id = unique("h");
        assertThat(transfer(id, carrierUser, shop, "10", "USD", "\"pending\":{\"timeoutSeconds\":60}").status())
                .isEqualTo(201);
        assertThat(post("/transfers/" + id + "/post", "{}").status()).isEqualTo(200);

        assertThat(readAccount(carrierUser).balanceMinor()).isEqualTo(-10_000_000);
    }
}
