package dev.microledger.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * What both services' OpenAPI documents share: the bearer credential every operation needs, the
 * problem schema of every error answer, and the error answers of an operation listed by status,
 * each naming the codes it carries, so that a client generator and a reader see the same contract.
 */
public final class ApiDocuments {

    /** The name of the security scheme in the document's components. */
    public static final String BEARER_SCHEME = "bearer";

    /** The name of the problem schema in the document's components. */
    public static final String PROBLEM_SCHEMA = "Problem";

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The refusals of the access layer that every operation needing a credential can answer. */
    public static final List<ApiProblem> ACCESS_PROBLEMS = List.of(ApiProblem.UNAUTHENTICATED, ApiProblem.FORBIDDEN,
            ApiProblem.RATE_LIMITED);

    private ApiDocuments() {
    }

    /** A document with its info and the bearer scheme required by every operation (Swagger UI's "Authorize" sends it). */
    public static OpenAPI document(String title, String version, String description) {
        return new OpenAPI()
                .info(new Info().title(title).version(version).description(description))
                .components(new Components().addSecuritySchemes(BEARER_SCHEME, bearerScheme()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }

    /**
     * Gives every operation of the generated document its problem answers from the service's table:
     * {@code problemsOf} answers them for "METHOD path" and the operation. The problem schema is
     * added here too: springdoc replaces the schemas of a document given as a bean with the ones it
     * generates.
     */
    public static OpenApiCustomizer problemAnswers(BiFunction<String, Operation, List<ApiProblem>> problemsOf) {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    addProblems(operation, problemsOf.apply(method + " " + path, operation))));
        };
    }

    /**
     * Adds one response per status of {@code problems} to the operation, with the problem schema,
     * the codes in its description and one example per code. A code listed twice is shown once.
     */
    public static void addProblems(Operation operation, Collection<ApiProblem> problems) {
        Map<Integer, Map<String, ApiProblem>> byStatus = new TreeMap<>();
        for (ApiProblem problem : problems) {
            byStatus.computeIfAbsent(problem.status(), status -> new LinkedHashMap<>()).putIfAbsent(problem.code(), problem);
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        byStatus.forEach((status, codes) -> responses.addApiResponse(Integer.toString(status),
                response(status, new ArrayList<>(codes.values()))));
        operation.setResponses(responses);
    }

    private static ApiResponse response(int status, List<ApiProblem> problems) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        List<String> codes = new ArrayList<>(problems.size());
        for (ApiProblem problem : problems) {
            codes.add(problem.code());
            media.addExamples(problem.code(), new Example().summary(problem.code()).value(problem.example()));
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? Integer.toString(status) : known.getReasonPhrase();
        return new ApiResponse()
                .description(reason + "; code: " + String.join(", ", codes))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    private static SecurityScheme bearerScheme() {
        return new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("Authorization: Bearer <credential>: an API key (mlk_..., created with POST /admin/keys on "
                        + "ledger-service or ./micro-ledger keys create) or, when an issuer is configured, a JWT. "
                        + "Missing, unknown or revoked: 401 unauthenticated; lacking the role: 403 forbidden.");
    }

    /** RFC 9457 problem details with the ledger's stable {@code code}; refusals may carry more members. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema problem = new ObjectSchema()
                .description("An RFC 9457 problem document (application/problem+json) with a stable code. Some codes "
                        + "carry more members, such as accountId, requiredRole, limit, layer or remaining.")
                .addProperty("type", new StringSchema().description(
                        "The problem type: urn:micro-ledger:problem:<code>"))
                .addProperty("title", new StringSchema().description("A short title of the problem"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What happened and what to do, for people"))
                .addProperty("instance", new StringSchema().description("The path of the request"))
                .addProperty("code", new StringSchema().description("The stable code clients branch on"));
        problem.setRequired(List.of("type", "title", "status", "code"));
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }
}
