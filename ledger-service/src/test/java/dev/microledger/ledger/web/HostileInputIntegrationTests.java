package dev.microledger.ledger.web;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker (or a careless client) sends, each refused with a clear 4xx and nothing
 * changed: control characters, misspelled and repeated fields, answers that cannot be rendered,
 * amounts near the range of a long, ids that already name another movement, probes for internals.
 */
class HostileInputIntegrationTests extends LedgerIntegrationTestSupport {

    private String alice;
    private String shop;

    @BeforeEach
    void accounts() {
        alice = unique("alice");
        shop = unique("shop");
        String funding = unique("funding");
        openAccount(funding, "USD", "SYSTEM", null);
        openAccount(alice, "USD", "USER", null);
        openAccount(shop, "USD", "MERCHANT", null);
        assertThat(transfer(unique("top-up"), funding, alice, "10", "USD").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "\\u001b[31mred", "tab\\there", "\\ud800", "x\\u0085y"})
    void textWithControlCharactersOrBrokenSurrogatesIsRefusedAndChangesNothing(String escapedCategory) {
        Response answer = transfer(unique("t"), alice, shop, "1", "USD", "\"category\":\"" + escapedCategory + "\"");
        Response description = transfer(unique("t"), alice, shop, "1", "USD", "\"description\":\"" + escapedCategory + "\"");
        Response metadata = transfer(unique("t"), alice, shop, "1", "USD", "\"metadata\":{\"k\":\"" + escapedCategory + "\"}");

        for (Response refused : new Response[] {answer, description, metadata}) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("validation_failed");
        }
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000L);
    }

    @Test
    void lengthIsCountedInCodePoints() {
        String sixtyFourEmoji = "🎮".repeat(64);

        assertThat(transfer(unique("t"), alice, shop, "1", "USD", "\"category\":\"" + sixtyFourEmoji + "\"").status())
                .isEqualTo(201);
        assertThat(transfer(unique("t"), alice, shop, "1", "USD", "\"category\":\"" + sixtyFourEmoji + "x\"").code())
                .isEqualTo("validation_failed");
    }

    @Test
    void aMisspelledPendingPostsNothing() {
        String transferId = unique("t");

        Response answer = transfer(transferId, alice, shop, "1", "USD", "\"Pending\":{\"timeoutSeconds\":300}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("unknown_field");
        assertThat(answer.json().path("detail").asText()).contains("Pending").doesNotContain("dev.microledger");
        assertThat(get("/transfers/" + transferId).status()).isEqualTo(404);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000L);
        assertThat(transfer(unique("t"), alice, shop, "1", "USD", "\"categroy\":\"news\"").code()).isEqualTo("unknown_field");
        assertThat(transfer(unique("t"), alice, shop, "1", "USD", "\"pending\":{\"timeoutSeconds\":300,\"x\":1}").code())
                .isEqualTo("unknown_field");
        assertThat(put("/accounts/" + unique("a"), "{\"currency\":\"USD\",\"kind\":\"USER\",\"knd\":\"SYSTEM\"}").code())
                .isEqualTo("unknown_field");
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        String first = unique("t");
        Response answer = post("/transfers", "{\"transferId\":\"" + first + "\",\"transferId\":\"" + unique("t")
                + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + shop
                + "\",\"amount\":\"1\",\"currency\":\"USD\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("duplicate_field");
        assertThat(get("/transfers/" + first).status()).isEqualTo(404);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000L);
    }

    @Test
    void anAnswerThatCannotBeRenderedIsRefusedBeforeAnythingIsCommitted() {
        String transferId = unique("t");
        String body = "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\""
                + shop + "\",\"amount\":\"1\",\"currency\":\"USD\"}";

        Response answer = sendRaw(HttpRequest.newBuilder(url("/transfers")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/xml")
                .header("Authorization", "Bearer " + TestKeys.allRoles(port))
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(answer.status()).isEqualTo(406);
        assertThat(get("/transfers/" + transferId).status()).isEqualTo(404);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000L);
    }

    @Test
    void amountsNearTheRangeOfALongAreRefusedWithTheMaximum() {
        Response creditLimit = openAccount(unique("whale"), "USD", "USER", "9223372036854.775807");
        Response limits = put("/accounts/" + alice + "/limits", "{\"daily\":\"9223372036854.775807\"}");
        Response budget = put("/accounts/" + alice + "/budget", "{\"monthly\":\"9223372036854.775807\"}");

        assertThat(creditLimit.status()).isEqualTo(400);
        assertThat(creditLimit.code()).isEqualTo("invalid_amount");
        assertThat(creditLimit.json().path("maximum").asText()).isEqualTo("100000");
        assertThat(limits.code()).isEqualTo("invalid_amount");
        assertThat(budget.code()).isEqualTo("invalid_amount");
        assertThat(openAccount(unique("postpaid"), "USD", "USER", "100000").status()).isEqualTo(201);
    }

    @Test
    void transfersAndRefundsShareOneIdSpace() {
        String transferId = unique("t");
        assertThat(transfer(transferId, alice, shop, "2", "USD").status()).isEqualTo(201);
        String refundId = unique("r");
        assertThat(post("/transfers/" + transferId + "/refunds", "{\"refundId\":\"" + refundId + "\",\"amount\":\"1\"}")
                .status()).isEqualTo(201);

        Response refundNamedLikeTransfer = post("/transfers/" + transferId + "/refunds",
                "{\"refundId\":\"" + transferId + "\",\"amount\":\"0.5\"}");
        Response transferNamedLikeRefund = transfer(refundId, alice, shop, "1", "USD");

        assertThat(refundNamedLikeTransfer.status()).isEqualTo(409);
        assertThat(transferNamedLikeRefund.status()).isEqualTo(409);
        assertThat(transferNamedLikeRefund.json().path("detail").asText()).contains("refund");
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(9_000_000L);
    }

    @Test
    void probesForInternalsLearnNothing() {
        Response unknownPath = get("/no/such/path");
        Response errorPage = get("/error");
        Response wrongShape = post("/transfers", "{\"transferId\":[1,2]}");
        Response wrongType = put("/accounts/" + unique("a"), "{\"currency\":\"USD\",\"kind\":\"USER\",\"metadata\":[1]}");

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.body()).doesNotContain("static resource");
        assertThat(errorPage.status()).isEqualTo(404);
        assertThat(errorPage.code()).isEqualTo("not_found");
        for (Response answer : new Response[] {unknownPath, errorPage, wrongShape, wrongType}) {
            assertThat(answer.body()).doesNotContain("java.", "dev.microledger", "springframework", "Exception");
        }
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongType.status()).isEqualTo(400);
    }
}
