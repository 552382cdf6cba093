package dev.microledger.query.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.access.AccessRule;
import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import dev.microledger.query.web.ProblemCode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
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
 * query-service's OpenAPI document as a client generator and a newcomer read it: without a key,
 * with info, a summary, description and tag per operation, its answers with their schemas, the
 * problem answers of every refusal with the codes the service really answers, and the bearer
 * scheme that Swagger UI's "Authorize" uses. Swagger UI itself answers without a key; the data
 * it describes does not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QueryApiDocumentIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("apidoc");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> ACCESS_CODES = Set.of("unauthenticated", "forbidden", "rate_limited");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> "ledger.events.apidoc-" + TAG);
        registry.add("query.kafka.group-id", () -> "query-apidoc-" + TAG);
        DATABASE.register(registry);
    }

    @Test
    void theDocumentIsReadWithoutAKeyAndNamesTheServiceAndItsVersion() {
        Response answer = new TestHttp(port, null).get("/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode info = answer.json().path("info");
        assertThat(info.path("title").asText()).isEqualTo("micro-ledger query-service");
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

        assertThat(operations(document)).containsKeys("GET /accounts/{accountId}", "GET /analytics/trial-balance",
                "POST /admin/projections/rebuild");
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
    void theProblemAnswersNameOnlyCodesTheServiceAnswersUnderTheirStatus() {
        JsonNode document = document();
        Set<String> known = Stream.of(ProblemCode.values()).map(ProblemCode::code).collect(Collectors.toSet());
        known.addAll(ACCESS_CODES);
        List<String> wrong = new ArrayList<>();
        Set<String> named = new HashSet<>();
        operations(document).forEach((endpoint, operation) -> operation.path("responses").fields().forEachRemaining(
                response -> response.getValue().at("/content/application~1problem+json/examples").fields()
                        .forEachRemaining(example -> {
                            JsonNode problem = example.getValue().path("value");
                            named.add(example.getKey());
                            if (!known.contains(example.getKey())) {
                                wrong.add(endpoint + ": " + example.getKey() + " is not a code of query-service");
                            }
                            if (!response.getKey().equals(problem.path("status").asText())
                                    || !example.getKey().equals(problem.path("code").asText())) {
                                wrong.add(endpoint + ": " + example.getKey() + " under " + response.getKey() + " reads "
                                        + problem);
                            }
                        })));

        assertThat(wrong).isEmpty();
        JsonNode account = operations(document).get("GET /accounts/{accountId}").path("responses");
        assertThat(account.at("/404/content/application~1problem+json/examples").has("account_not_found")).isTrue();
        assertThat(account.at("/503/description").asText()).contains("projection_behind", "account_held",
                "service_unavailable");
        assertThat(account.at("/404/content/application~1problem+json/examples/account_not_found/value/type").asText())
                .isEqualTo("urn:micro-ledger:problem:account_not_found");
        assertThat(operations(document).get("GET /analytics/trial-balance").path("responses").has("404")).isFalse();
        assertThat(named).contains("bill_not_found", "rebuild_in_progress", "query_timeout", "unknown_currency");
        assertThat(operations(document).get("POST /admin/projections/rebuild").path("responses").has("202")).isTrue();
        List<String> members = new ArrayList<>();
        document.at("/components/schemas/Problem/properties").fieldNames().forEachRemaining(members::add);
        assertThat(members).contains("type", "title", "status", "detail", "code");
    }

    @Test
    void theAccountEntriesAndStatementShowTheReadmesExamples() {
        Map<String, JsonNode> operations = operations(document());

        for (String endpoint : List.of("GET /accounts/{accountId}", "GET /accounts/{accountId}/entries",
                "GET /accounts/{accountId}/statements")) {
            JsonNode examples = operations.get(endpoint).at("/responses/200/content/application~1json/examples");
            assertThat(examples.size()).as(endpoint).isPositive();
        }
        JsonNode alice = operations.get("GET /accounts/{accountId}")
                .at("/responses/200/content/application~1json/examples/alice/value");
        assertThat(alice.path("available").asText()).isEqualTo("4.9975");
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
        TestHttp anonymous = new TestHttp(port, null);

        HttpResponse<String> page = following.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/swagger-ui.html")).header("Accept", "text/html,*/*;q=0.8").timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        Response config = anonymous.get("/v3/api-docs/swagger-config");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asText()).isEqualTo("/v3/api-docs");
        for (String path : List.of("/accounts/alice", "/accounts", "/analytics/trial-balance")) {
            Response answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.json().path("code").asText()).isEqualTo("unauthenticated");
        }
    }

    private JsonNode document() {
        Response answer = new TestHttp(port, null).get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
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
            if (schema.has("$ref") || schema.has("type") || schema.has("items")) {
                return true;
            }
        }
        return false;
    }

    /** Whether query-service's own rules let this operation in without a key. */
    private static boolean isOpen(String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        MockHttpServletRequest request = new MockHttpServletRequest(parts[0], parts[1].replaceAll("\\{[^}]+}", "x"));
        return QueryAccessRules.RULES.ruleFor(request).map(AccessRule::isOpen).orElse(false);
    }
}
