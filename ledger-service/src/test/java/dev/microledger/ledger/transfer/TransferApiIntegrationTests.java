package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransferApiIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String news;

    @BeforeEach
    void openAccounts() {
        funding = unique("funding");
        alice = unique("alice");
        news = unique("news-co");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(news, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "10", "USD").status()).isEqualTo(201);
    }

    @Test
    void aBodyOfAnotherContentTypeIsA415ThatSaysWhichTypeToSendAndMovesNothing() throws Exception {
        String body = "{\"transferId\":\"" + unique("t") + "\",\"debitAccountId\":\"" + alice
                + "\",\"creditAccountId\":\"" + news + "\",\"amount\":\"1\",\"currency\":\"USD\"}";
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> textPlain = client.send(HttpRequest.newBuilder(url("/transfers"))
                .header("Authorization", "Bearer " + TestKeys.allRoles(port)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> none = client.send(HttpRequest.newBuilder(url("/transfers"))
                .header("Authorization", "Bearer " + TestKeys.allRoles(port))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        // YAML would escape the strict JSON reading (a misspelled field ignored): it is not read at all.
        HttpResponse<String> yaml = client.send(HttpRequest.newBuilder(url("/transfers"))
                .header("Authorization", "Bearer " + TestKeys.allRoles(port)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString("transferId: " + unique("t") + "\ndebitAccountId: " + alice
                        + "\ncreditAccountId: " + news + "\namount: \"1\"\ncurrency: USD\npendng: {timeoutSeconds: 5}\n"))
                .build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(textPlain, none, yaml)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("code").asText()).isEqualTo("unsupported_media_type");
            assertThat(problem.path("type").asText()).isEqualTo("urn:micro-ledger:problem:unsupported_media_type");
            assertThat(problem.path("detail").asText()).contains("Content-Type: application/json");
        }
        assertThat(JSON.readTree(textPlain.body()).path("detail").asText())
                .startsWith("Content-Type 'text/plain").contains("is not read here; send the body as application/json (");
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(10_000_000);
    }

    @Test
    void aTransferAnswers201WithItsResultAndVersions() {
        String id = unique("t");
        Response response = post("/transfers", "{\"transferId\":\"" + id + "\",\"debitAccountId\":\"" + alice
                + "\",\"creditAccountId\":\"" + news + "\",\"amount\":\"0.0025\",\"currency\":\"USD\","
                + "\"category\":\"news\",\"description\":\"Article 4711\",\"metadata\":{\"article\":4711}}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("transferId").asText()).isEqualTo(id);
        assertThat(body.path("status").asText()).isEqualTo("POSTED");
        assertThat(body.path("debitAccountId").asText()).isEqualTo(alice);
        assertThat(body.path("creditAccountId").asText()).isEqualTo(news);
        assertThat(body.path("amount").asText()).isEqualTo("0.0025");
        assertThat(body.path("currency").asText()).isEqualTo("USD");
        assertThat(body.path("category").asText()).isEqualTo("news");
        assertThat(body.path("createdAt").asText()).endsWith("Z");
        // alice: opened (0), topped up (1), paid (2); news-co: opened (0), paid (1).
        assertThat(body.path("versions").path(alice).asLong()).isEqualTo(2);
        assertThat(body.path("versions").path(news).asLong()).isEqualTo(1);
    }

    @Test
    void aRetriedTransferAnswers200WithTheOriginalBodyAndMovesNoMoney() {
        String id = unique("t");
        Response first = transfer(id, alice, news, "4", "USD");

        Response retry = transfer(id, alice, news, "4", "USD");
        Response retryAgain = transfer(id, alice, news, "4", "USD");

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retryAgain.json()).isEqualTo(first.json());
        // Had the retries moved money, alice (10 - 4) could not pay 6 more.
        assertThat(transfer(unique("t"), alice, news, "6", "USD").status()).isEqualTo(201);
    }

    @Test
    void reusingATransferIdForOtherFieldsIsAConflict() {
        String id = unique("t");
        transfer(id, alice, news, "1", "USD");

        Response response = transfer(id, alice, news, "2", "USD");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("transfer_exists_with_different_fields");
    }

    @Test
    void aRejectedTransferDoesNotConsumeItsId() {
        String id = unique("t");
        assertThat(transfer(id, alice, news, "11", "USD").code()).isEqualTo("insufficient_funds");
        transfer(unique("top-up"), funding, alice, "1", "USD");

        assertThat(transfer(id, alice, news, "11", "USD").status()).isEqualTo(201);
    }

    @Test
    void payingExactlyTheBalanceIsAllowedAndOneMinorUnitMoreIsNot() {
        assertThat(transfer(unique("t"), alice, news, "10.000001", "USD").code()).isEqualTo("insufficient_funds");
        assertThat(transfer(unique("t"), alice, news, "10", "USD").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), alice, news, "0.000001", "USD").code()).isEqualTo("insufficient_funds");
    }

    @Test
    void aPostpaidUserSpendsDownToItsCreditLimit() {
        String phone = unique("phone");
        openAccount(phone, "USD", "USER", "3");

        assertThat(transfer(unique("t"), phone, news, "2.5", "USD").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), phone, news, "0.5", "USD").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), phone, news, "0.000001", "USD").code()).isEqualTo("insufficient_funds");
    }

    @Test
    void aSystemAccountHasNoFloor() {
        assertThat(transfer(unique("t"), funding, alice, "1000000", "USD").status()).isEqualTo(201);
    }

    @Test
    void aMissingAccountIsNamed() {
        String ghost = unique("ghost");

        Response response = transfer(unique("t"), alice, ghost, "1", "USD");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("account_not_found");
        assertThat(response.json().path("accountId").asText()).isEqualTo(ghost);
        assertThat(response.json().path("detail").asText()).contains(ghost);
    }

    @Test
    void accountsOfAnotherCurrencyAreAMismatch() {
        String won = unique("won");
        openAccount(won, "KRW", "MERCHANT", null);

        assertThat(transfer(unique("t"), alice, won, "1", "USD").code()).isEqualTo("currency_mismatch");
        assertThat(transfer(unique("t"), alice, news, "1", "KRW").code()).isEqualTo("currency_mismatch");
    }

    @Test
    void aTransferNeedsTwoDifferentAccounts() {
        Response response = transfer(unique("t"), alice, alice, "1", "USD");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("accounts_must_be_different");
    }

    @Test
    void aBalanceBeyondTheLongRangeIsAnOverflow() {
        String whale = unique("whale");
        openAccount(whale, "XTS", "MERCHANT", null);
        String mint = unique("mint");
        openAccount(mint, "XTS", "SYSTEM", null);
        assertThat(transfer(unique("t"), mint, whale, "92233720368547758.07", "XTS").status()).isEqualTo(201);

        Response response = transfer(unique("t"), mint, whale, "0.01", "XTS");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("balance_overflow");
    }

    @ParameterizedTest(name = "amount {0} currency {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "\"0\"         | USD | invalid_amount",
            "\"-1\"        | USD | invalid_amount",
            "\"+1\"        | USD | invalid_amount",
            "\"1e-3\"      | USD | invalid_amount",
            "\"abc\"       | USD | invalid_amount",
            "\"\"          | USD | invalid_amount",
            "0.25        | USD | invalid_amount",
            "null        | USD | invalid_amount",
            "\"0.0000001\" | USD | amount_precision_exceeded",
            "\"0.001\"     | KRW | amount_precision_exceeded",
            "\"99999999999999999999\" | USD | invalid_amount",
            "\"1000000.000001\" | USD | invalid_amount",
            "\"9223372036854.775807\" | USD | invalid_amount",
            "\"1\"         | XYZ | unknown_currency"
    })
    void badAmountsAreRejectedWithTheirCode(String amountJson, String currency, String code) {
        Response response = post("/transfers", "{\"transferId\":\"" + unique("t") + "\",\"debitAccountId\":\""
                + alice + "\",\"creditAccountId\":\"" + news + "\",\"amount\":" + amountJson + ",\"currency\":\""
                + currency + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"} | validation_failed",
            "{\"transferId\":\"bad id\",\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"} | validation_failed",
            "{\"transferId\":\"t\",\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\"} | validation_failed",
            "{\"transferId\":7,\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"} | validation_failed",
            "{\"transferId\":\"t\",\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\",\"metadata\":\"x\"} | validation_failed",
            "{\"transferId\":\"t\",\"debitAccountId\":\"a\",\"creditAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\",\"category\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"} | validation_failed",
            "{\"transferId\":\"t\",                                                                | malformed_json",
            "[]                                                                                     | validation_failed"
    })
    void malformedTransferRequestsAreRejectedWithTheirCode(String body, String code) {
        Response response = post("/transfers", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        Response response = post("/transfers/batch", "{\"transfers\":[\"" + "x".repeat(9 * 1024 * 1024) + "\"]}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("payload_too_large");
    }

    @Test
    void anEmptyBodyIsMalformedJson() {
        Response response = post("/transfers", "");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("malformed_json");
    }

    @Test
    void aBatchPostsEachTransferOnItsOwnAndAnswersInRequestOrder() {
        String ok1 = unique("b");
        String broke = unique("b");
        String bad = unique("b");
        String ok2 = unique("b");
        Response response = post("/transfers/batch", "{\"atomic\":false,\"transfers\":["
                + transferJson(ok1, alice, news, "1") + ","
                + transferJson(broke, alice, news, "100") + ","
                + "{\"transferId\":\"" + bad + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + news
                + "\",\"amount\":\"0.0000001\",\"currency\":\"USD\"},"
                + transferJson(ok2, alice, news, "2") + "]}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().path("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).path("transferId").asText()).isEqualTo(ok1);
        assertThat(results.get(0).path("status").asText()).isEqualTo("POSTED");
        assertThat(results.get(1).path("status").asText()).isEqualTo("REJECTED");
        assertThat(results.get(1).path("code").asText()).isEqualTo("insufficient_funds");
        assertThat(results.get(2).path("code").asText()).isEqualTo("amount_precision_exceeded");
        assertThat(results.get(3).path("status").asText()).isEqualTo("POSTED");
        // 10 - 1 - 2 = 7 left: 7 passes, anything more does not.
        assertThat(transfer(unique("t"), alice, news, "7.000001", "USD").code()).isEqualTo("insufficient_funds");
        assertThat(transfer(unique("t"), alice, news, "7", "USD").status()).isEqualTo(201);
    }

    @Test
    void aRetriedBatchPostsNothingTwice() {
        String body = "{\"transfers\":[" + transferJson(unique("b"), alice, news, "3") + ","
                + transferJson(unique("b"), alice, news, "3") + "]}";
        Response first = post("/transfers/batch", body);

        Response retry = post("/transfers/batch", body);

        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(transfer(unique("t"), alice, news, "4", "USD").status()).isEqualTo(201);
    }

    @Test
    void anAtomicBatchPostsAllOrNothing() {
        String creator = unique("creator");
        openAccount(creator, "USD", "MERCHANT", null);
        String leg1 = unique("leg");
        String leg2 = unique("leg");

        Response failed = post("/transfers/batch", "{\"atomic\":true,\"transfers\":["
                + transferJson(leg1, alice, creator, "9.5") + "," + transferJson(leg2, alice, news, "0.6") + "]}");

        JsonNode results = failed.json().path("results");
        assertThat(results.get(0).path("code").asText()).isEqualTo("linked_transfer_failed");
        assertThat(results.get(1).path("code").asText()).isEqualTo("insufficient_funds");
        // Nothing moved: alice still has all 10.
        Response fits = post("/transfers/batch", "{\"atomic\":true,\"transfers\":["
                + transferJson(leg1, alice, creator, "9.5") + "," + transferJson(leg2, alice, news, "0.5") + "]}");
        assertThat(fits.json().path("results").get(0).path("status").asText()).isEqualTo("POSTED");
        assertThat(fits.json().path("results").get(1).path("status").asText()).isEqualTo("POSTED");
    }

    @Test
    void batchSizeIsBounded() {
        StringBuilder tooMany = new StringBuilder("{\"transfers\":[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append(transferJson("x" + i, alice, news, "0.01"));
        }
        tooMany.append("]}");

        assertThat(post("/transfers/batch", tooMany.toString()).code()).isEqualTo("validation_failed");
        assertThat(post("/transfers/batch", "{\"transfers\":[]}").code()).isEqualTo("validation_failed");
        assertThat(post("/transfers/batch", "{}").code()).isEqualTo("validation_failed");
    }

    private static String transferJson(String id, String debit, String credit, String amount) {
        return "{\"transferId\":\"" + id + "\",\"debitAccountId\":\"" + debit + "\",\"creditAccountId\":\"" + credit
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
    }
}
