package dev.microledger.ledger.account;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccountApiIntegrationTests extends LedgerIntegrationTestSupport {

    @Test
    void openingAnAccountAnswers201WithTheAccount() {
        String id = unique("alice");

        Response response = put("/accounts/" + id,
                "{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":\"2.5\",\"metadata\":{\"plan\":\"basic\"}}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("accountId").asText()).isEqualTo(id);
        assertThat(response.json().path("currency").asText()).isEqualTo("USD");
        assertThat(response.json().path("kind").asText()).isEqualTo("USER");
        assertThat(response.json().path("creditLimit").asText()).isEqualTo("2.5");
        assertThat(response.json().path("status").asText()).isEqualTo("OPEN");
        assertThat(response.json().path("version").asLong()).isZero();
    }

    @Test
    void repeatingTheSameOpeningAnswers200WithTheSameBody() {
        String id = unique("alice");
        String body = "{\"currency\":\"KRW\",\"kind\":\"USER\",\"metadata\":{\"b\":1,\"a\":[1,2]}}";
        Response first = put("/accounts/" + id, body);

        Response again = put("/accounts/" + id, "{\"kind\":\"USER\",\"metadata\":{\"a\":[1,2],\"b\":1},\"currency\":\"KRW\"}");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
    }

    @Test
    void openingAnExistingAccountWithOtherFieldsIsAConflict() {
        String id = unique("alice");
        openAccount(id, "USD", "USER", "0");

        Response response = openAccount(id, "USD", "USER", "1");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("account_exists_with_different_fields");
    }

    @Test
    void concurrentIdenticalOpeningsCreateOneAccount() throws Exception {
        String id = unique("race");
        java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> openAccount(id, "EUR", "MERCHANT", null)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int created = 0;
        for (var answer : answers) {
            int status = answer.get().status();
            assertThat(status).isIn(200, 201);
            created += status == 201 ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"currency\":\"XYZ\",\"kind\":\"USER\"}                       | 400 | unknown_currency",
            "{\"kind\":\"USER\"}                                           | 400 | validation_failed",
            "{\"currency\":\"USD\"}                                        | 400 | validation_failed",
            "{\"currency\":\"USD\",\"kind\":\"user\"}                       | 400 | validation_failed",
            "{\"currency\":\"USD\",\"kind\":\"BANK\"}                       | 400 | validation_failed",
            "{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":\"-1\"}  | 400 | invalid_amount",
            "{\"currency\":\"USD\",\"kind\":\"USER\",\"creditLimit\":5}       | 400 | invalid_amount",
            "{\"currency\":\"KRW\",\"kind\":\"USER\",\"creditLimit\":\"1.001\"} | 400 | amount_precision_exceeded",
            "{\"currency\":\"USD\",\"kind\":\"USER\",\"metadata\":[1]}       | 400 | validation_failed",
            "{\"currency\":\"USD\",\"kind\":\"USER\"                        | 400 | malformed_json",
            "not json                                                    | 400 | malformed_json"
    })
    void badAccountRequestsAreRejectedWithTheirCode(String body, int status, String code) {
        String id = unique("bad");

        Response response = put("/accounts/" + id, body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().path("detail").asText()).isNotBlank();
        // Nothing was created: a correct request afterwards still creates the account.
        assertThat(openAccount(id, "USD", "USER", null).status()).isEqualTo(201);
    }

    @Test
    void anInvalidAccountIdIsRejected() {
        Response response = openAccount("-starts-with-dash", "USD", "USER", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_failed");
    }

    @Test
    void anIdLongerThan64CharactersIsRejected() {
        assertThat(openAccount("a".repeat(65), "USD", "USER", null).code()).isEqualTo("validation_failed");
        assertThat(openAccount("a".repeat(64), "USD", "USER", null).status()).isIn(200, 201);
    }

    @Test
    void unknownRoutesAndMethodsAnswerProblems() {
        Response missing = get("/no-such-thing");
        Response wrongMethod = get("/transfers");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.code()).isEqualTo("method_not_allowed");
    }

    @Test
    void operationsEndpointsAnswer() {
        openAccount(unique("metered"), "USD", "USER", null);

        assertThat(get("/actuator/health").json().path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus").body()).contains("ledger_commands_total");
        assertThat(get("/v3/api-docs").json().path("paths").has("/transfers")).isTrue();
    }
}
