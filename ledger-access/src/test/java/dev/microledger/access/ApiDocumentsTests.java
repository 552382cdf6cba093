package dev.microledger.access;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDocumentsTests {

    @Test
    void problemsAreGroupedByStatusWithTheirCodesAndOneExampleEach() {
        Operation operation = new Operation().responses(new ApiResponses().addApiResponse("201",
                new ApiResponse().description("Created")));

        ApiDocuments.addProblems(operation, List.of(ApiProblem.typed(422, "insufficient_funds", "Insufficient funds"),
                ApiProblem.typed(400, "validation_failed", "Invalid request"),
                ApiProblem.typed(422, "limit_exceeded", "Limit exceeded"), ApiProblem.FORBIDDEN, ApiProblem.FORBIDDEN));

        ApiResponses responses = operation.getResponses();
        assertThat(responses).containsOnlyKeys("201", "400", "403", "422");
        ApiResponse unprocessable = responses.get("422");
        assertThat(unprocessable.getDescription()).isEqualTo("Unprocessable Entity; code: insufficient_funds, limit_exceeded");
        var media = unprocessable.getContent().get(ApiDocuments.PROBLEM_JSON);
        assertThat(media.getSchema().get$ref()).isEqualTo("#/components/schemas/Problem");
        assertThat(media.getExamples()).containsOnlyKeys("insufficient_funds", "limit_exceeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> example = (Map<String, Object>) media.getExamples().get("limit_exceeded").getValue();
        assertThat(example).containsEntry("status", 422).containsEntry("code", "limit_exceeded")
                .containsEntry("type", "urn:micro-ledger:problem:limit_exceeded");
        assertThat(responses.get("403").getContent().get(ApiDocuments.PROBLEM_JSON).getExamples()).hasSize(1);
    }

    @Test
    void theDocumentRequiresTheBearerSchemeAndItsOperationsGetTheirProblemsAndTheSchema() {
        OpenAPI document = ApiDocuments.document("title", "1.0.0", "description")
                .path("/transfers", new PathItem().post(new Operation()));

        ApiDocuments.problemAnswers((endpoint, operation) -> endpoint.equals("POST /transfers")
                ? List.of(ApiProblem.UNAUTHENTICATED) : List.of()).customise(document);

        assertThat(document.getInfo().getVersion()).isEqualTo("1.0.0");
        assertThat(document.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(document.getSecurity()).singleElement().satisfies(requirement ->
                assertThat(requirement).containsOnlyKeys("bearer"));
        assertThat(document.getComponents().getSchemas().get("Problem").getRequired())
                .contains("type", "title", "status", "code");
        assertThat(document.getPaths().get("/transfers").getPost().getResponses()).containsOnlyKeys("401");
    }

    @Test
    void aProblemHasAnErrorStatus() {
        assertThatThrownBy(() -> ApiProblem.typed(200, "ok", "OK")).isInstanceOf(IllegalArgumentException.class);
    }
}
