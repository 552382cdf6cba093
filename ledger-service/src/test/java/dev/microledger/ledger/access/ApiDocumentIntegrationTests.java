package dev.microledger.ledger.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.access.AccessRule;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.rejection.RejectionCode;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ledger-service's OpenAPI document as a client generator and a newcomer read it: without a key,
 * with info, a summary, description and tag per operation, its answers with their schemas, the
 * problem answers of every refusal with the codes the ledger really answers, and the bearer
 * scheme that Swagger UI's "Authorize" uses. Swagger UI itself answers without a key; the data
 * it describes does not.
 */
class ApiDocumentIntegrationTests extends LedgerIntegrationTestSupport {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> ACCESS_CODES = Set.of("unauthenticated", "forbidden", "rate_limited");

    @Test
    void theDocumentIsReadWithoutAKeyAndNamesTheServiceAndItsVersion() {
        Response answer = anonymous("GET", "/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode info = answer.json().path("info");
        assertThat(info.path("title").asText()).isEqualTo("micro-ledger ledger-service");
        // The build's version (META-INF/build-info.properties), not a placeholder.
        assertThat(info.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.path("description").asText()).contains("docs/API.md");
    }

    @Test
    void everyOperationHasASummaryADescriptionATagAndAnAnswerWithItsSchema() {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        operations(document).forEach((endpoint, operation) -> {
            if (operation.path("summary").asText("").isBlank()) {
                wrong.add(endpoint + ": no summary");
            }
            if (operation.path("description").asText("").isBlank()) {
                wrong.add(endpoint + ": no description");
            }
            if (!operation.path("tags").isArray() || operation.path("tags").isEmpty()) {
                wrong.add(endpoint + ": no tag");
            }
            if (!hasSuccessWithSchema(operation)) {
                wrong.add(endpoint + ": no 2xx answer with a schema");
            }
        });

        assertThat(operations(document)).containsKeys("POST /transfers", "PUT /accounts/{accountId}", "POST /admin/keys");
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationThatNeedsAKeyDocumentsTheRefusalsAsProblems() {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        int needingKey = 0;
        for (Map.Entry<String, JsonNode> operation : operations(document).entrySet()) {
            if (isOpen(operation.getKey())) {
                continue;
            }
            needingKey++;
            for (String status : List.of("401", "403", "429")) {
                JsonNode response = operation.getValue().path("responses").path(status);
                if (!PROBLEM_REF.equals(response.at("/content/application~1problem+json/schema/$ref").asText())) {
                    wrong.add(operation.getKey() + ": no " + status + " answer with the problem schema");
                }
            }
            if (!operation.getValue().at("/responses/401/content/application~1problem+json/examples")
                    .has("unauthenticated")) {
                wrong.add(operation.getKey() + ": its 401 does not name unauthenticated");
            }
        }

        assertThat(needingKey).isEqualTo(operations(document).size());
        assertThat(wrong).isEmpty();
    }

    @Test
    void theProblemAnswersNameOnlyCodesTheLedgerAnswersUnderTheirStatus() {
        JsonNode document = document();
        Set<String> known = Stream.of(RejectionCode.values()).map(RejectionCode::code).collect(Collectors.toSet());
        known.addAll(ACCESS_CODES);
        List<String> wrong = new ArrayList<>();
        Set<String> named = new HashSet<>();
        operations(document).forEach((endpoint, operation) -> operation.path("responses").fields().forEachRemaining(
                response -> response.getValue().at("/content/application~1problem+json/examples").fields()
                        .forEachRemaining(example -> {
                            JsonNode problem = example.getValue().path("value");
                            named.add(example.getKey());
                            if (!known.contains(example.getKey())) {
                                wrong.add(endpoint + ": " + example.getKey() + " is not a code of the ledger");
                            }
                            if (!response.getKey().equals(problem.path("status").asText())
                                    || !example.getKey().equals(problem.path("code").asText())
                                    || !problem.path("type").asText().equals("urn:micro-ledger:problem:" + example.getKey())) {
                                wrong.add(endpoint + ": " + example.getKey() + " under " + response.getKey() + " reads "
                                        + problem);
                            }
                        })));

        assertThat(wrong).isEmpty();
        JsonNode transfer = operations(document).get("POST /transfers").path("responses");
        assertThat(transfer.at("/422/content/application~1problem+json/examples").has("insufficient_funds")).isTrue();
        assertThat(transfer.at("/422/description").asText()).contains("limit_exceeded", "account_frozen");
        assertThat(transfer.at("/400/content/application~1problem+json/examples").has("unknown_field")).isTrue();
        assertThat(transfer.at("/404/description").asText()).contains("account_not_found");
        assertThat(transfer.at("/409/description").asText()).contains("transfer_exists_with_different_fields");
        assertThat(transfer.has("503")).isTrue();
        // Any operation may find the database away for a moment (Unavailable): 503, try again.
        assertThat(operations(document).get("PUT /accounts/{accountId}").path("responses").at("/503/description")
                .asText()).contains("service_unavailable");
        assertThat(operations(document).get("GET /transfers/{transferId}").path("responses").has("415")).isFalse();
        assertThat(named).contains("malformed_json", "refund_exceeds_transfer", "payment_exceeds_bill", "key_not_found");
        List<String> members = new ArrayList<>();
        document.at("/components/schemas/Problem/properties").fieldNames().forEachRemaining(members::add);
        assertThat(members).contains("type", "title", "status", "detail", "code");
    }

    @Test
    void theMainOperationsShowTheReadmesExamples() {
        Map<String, JsonNode> operations = operations(document());

        for (String endpoint : List.of("PUT /accounts/{accountId}", "POST /transfers", "POST /transfers/batch",
                "POST /transfers/{transferId}/refunds", "PUT /accounts/{accountId}/fees", "POST /bills/{billId}/payments",
                "POST /settlements")) {
            JsonNode operation = operations.get(endpoint);
            assertThat(operation.at("/requestBody/content/application~1json/examples").size()).as(endpoint).isPositive();
            assertThat(successExamples(operation)).as(endpoint).isPositive();
        }
        assertThat(successExamples(operations.get("POST /accounts/{accountId}/bills"))).isPositive();
        JsonNode payment = operations.get("POST /transfers").at("/requestBody/content/application~1json/examples/payment/value");
        assertThat(payment.path("amount").asText()).isEqualTo("0.0025");
    }

    @Test
    void fieldsReadAsFreeJsonHaveTheTypesClientsSend() {
        JsonNode schemas = document().path("components").path("schemas");

        assertThat(schemas.at("/TransferRequest/properties/metadata/type").asText()).isEqualTo("object");
        assertThat(schemas.at("/TransferRequest/properties/pending/type").asText()).isEqualTo("object");
        assertThat(schemas.at("/LimitsRequest/properties/perMinuteCount/type").asText()).isEqualTo("integer");
        assertThat(schemas.at("/BudgetRequest/properties/alertThresholds/type").asText()).isEqualTo("array");
        assertThat(schemas.at("/BudgetRequest/properties/alertThresholds/items/type").asText()).isEqualTo("number");
    }

    @Test
    void theDocumentDeclaresTheBearerSchemeForEveryOperation() {
        JsonNode document = document();

        JsonNode scheme = document.at("/components/securitySchemes/bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").findValues("bearer")).hasSize(1);
    }

    @Test
    void swaggerUiIsServedWithoutAKeyButTheDataItDescribesIsNot() throws Exception {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> page = following.send(HttpRequest.newBuilder(url("/swagger-ui.html"))
                .header("Accept", "text/html,*/*;q=0.8").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        Response config = anonymous("GET", "/v3/api-docs/swagger-config");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asText()).isEqualTo("/v3/api-docs");
        for (String[] request : new String[][] {{"GET", "/transfers/" + unique("t")}, {"GET", "/admin/keys"},
                {"PUT", "/accounts/" + unique("a")}}) {
            Response answer = anonymous(request[0], request[1]);
            assertThat(answer.status()).as(request[1]).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("unauthenticated");
        }
    }

    private JsonNode document() {
        Response answer = anonymous("GET", "/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private Response anonymous(String method, String path) {
        return sendRaw(HttpRequest.newBuilder(url(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** "METHOD path" to the operation, for every operation of the document. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                method -> operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue())));
        return operations;
    }

    private static boolean hasSuccessWithSchema(JsonNode operation) {
        Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields();
        while (responses.hasNext()) {
            Map.Entry<String, JsonNode> response = responses.next();
            if (!response.getKey().startsWith("2")) {
                continue;
            }
            JsonNode schema = response.getValue().at("/content/application~1json/schema");
            if (schema.has("$ref") || schema.has("type")) {
                return true;
            }
        }
        return false;
    }

    private static int successExamples(JsonNode operation) {
        int examples = 0;
        Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields();
        while (responses.hasNext()) {
            Map.Entry<String, JsonNode> response = responses.next();
            if (response.getKey().startsWith("2")) {
                examples += response.getValue().at("/content/application~1json/examples").size();
            }
        }
        return examples;
    }

    /** Whether ledger-service's own rules let this operation in without a key. */
    private static boolean isOpen(String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        MockHttpServletRequest request = new MockHttpServletRequest(parts[0], parts[1].replaceAll("\\{[^}]+}", "x"));
        return LedgerAccessRules.RULES.ruleFor(request).map(AccessRule::isOpen).orElse(false);
    }
}
