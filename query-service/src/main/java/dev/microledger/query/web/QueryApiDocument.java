package dev.microledger.query.web;

import dev.microledger.access.ApiDocuments;
import dev.microledger.access.ApiProblem;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.microledger.query.web.ProblemCode.ACCOUNT_HELD;
import static dev.microledger.query.web.ProblemCode.ACCOUNT_NOT_FOUND;
import static dev.microledger.query.web.ProblemCode.BILL_NOT_FOUND;
import static dev.microledger.query.web.ProblemCode.INTERNAL_ERROR;
import static dev.microledger.query.web.ProblemCode.NOT_ACCEPTABLE;
import static dev.microledger.query.web.ProblemCode.NOT_FOUND;
import static dev.microledger.query.web.ProblemCode.PROJECTION_BEHIND;
import static dev.microledger.query.web.ProblemCode.QUERY_TIMEOUT;
import static dev.microledger.query.web.ProblemCode.REBUILD_IN_PROGRESS;
import static dev.microledger.query.web.ProblemCode.REBUILD_NOT_READY;
import static dev.microledger.query.web.ProblemCode.REPLAY_FAILED;
import static dev.microledger.query.web.ProblemCode.UNKNOWN_CURRENCY;
import static dev.microledger.query.web.ProblemCode.VALIDATION_FAILED;

/**
 * query-service's OpenAPI document: its info, and the one table of which codes each operation
 * can answer besides the ones every operation shares. The codes are {@link ProblemCode}s, so the
 * document cannot name a code the service does not answer; an operation without a row fails the
 * document (and so the tests), so a new endpoint cannot go undocumented.
 */
@Configuration(proxyBeanMethods = false)
class QueryApiDocument {

    static final String TITLE = "micro-ledger query-service";

    /** Without META-INF/build-info.properties (a run from an IDE), the document says so rather than guess. */
    static final String VERSION_UNKNOWN = "unversioned";

    static final String DESCRIPTION = "The query side of micro-ledger: projections of the ledger's events into "
            + "balances, entries, spending, alerts, statements, bills, settlements and analytics. The HTTP contract is "
            + "docs/API.md in the repository. Account-scoped reads accept minVersion, a version from a ledger-service "
            + "answer: they wait (about 2 s) until the projection has applied it, else 503 projection_behind. Every "
            + "operation needs Authorization: Bearer <key> with one of the roles its description names. Every error "
            + "is an RFC 9457 problem document (application/problem+json) with a stable code; each operation lists "
            + "the codes it can answer.";

    /** What a read of one account can answer: not there, not there yet, or held by a record set aside. */
    private static final List<ProblemCode> ACCOUNT_READ = List.of(ACCOUNT_NOT_FOUND, PROJECTION_BEHIND, ACCOUNT_HELD);

    /** "METHOD path" to the codes the operation answers beyond those every operation shares. */
    private static final Map<String, List<ProblemCode>> CODES = Map.ofEntries(
            Map.entry("GET /accounts", List.of()),
            Map.entry("GET /accounts/{accountId}", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/entries", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/balance-at", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/spending", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/alerts", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/statements", ACCOUNT_READ),
            Map.entry("GET /accounts/{accountId}/bills", ACCOUNT_READ),
            Map.entry("GET /bills/{billId}", List.of(BILL_NOT_FOUND, ACCOUNT_HELD)),
            Map.entry("GET /settlements", List.of()),
            Map.entry("GET /analytics/spending", List.of(UNKNOWN_CURRENCY, QUERY_TIMEOUT)),
            Map.entry("GET /analytics/transfer-sizes", List.of(UNKNOWN_CURRENCY, QUERY_TIMEOUT)),
            Map.entry("GET /analytics/declines", List.of(UNKNOWN_CURRENCY, QUERY_TIMEOUT)),
            Map.entry("GET /analytics/trial-balance", List.of()),
            Map.entry("GET /analytics/savings", List.of()),
            Map.entry("GET /admin/projections/rebuild", List.of()),
            Map.entry("POST /admin/projections/rebuild", List.of(REBUILD_IN_PROGRESS)),
            Map.entry("POST /admin/projections/rebuild/switch", List.of(REBUILD_NOT_READY)),
            Map.entry("GET /admin/projections/set-aside", List.of()),
            Map.entry("GET /admin/projections/held-accounts", List.of()),
            Map.entry("POST /admin/projections/set-aside/{partition}/{offset}/replay", List.of(NOT_FOUND, REPLAY_FAILED)));

    @Bean
    OpenAPI queryOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null || properties.getVersion() == null ? VERSION_UNKNOWN : properties.getVersion();
        return ApiDocuments.document(TITLE, version, DESCRIPTION);
    }

    @Bean
    OpenApiCustomizer queryProblems() {
        return ApiDocuments.problemAnswers((endpoint, operation) -> problems(endpoint));
    }

    /** Everything the operation can answer with a problem document, by the table. */
    private static List<ApiProblem> problems(String endpoint) {
        List<ProblemCode> codes = CODES.get(endpoint);
        if (codes == null) {
            throw new IllegalStateException(endpoint + " has no row in QueryApiDocument's table of the codes it "
                    + "answers; add one");
        }
        List<ApiProblem> problems = new ArrayList<>();
        // A parameter that is not valid, an Accept the answer cannot be given in, a fault of the service.
        problems.add(problem(VALIDATION_FAILED));
        codes.stream().filter(code -> code != ProblemCode.SERVICE_UNAVAILABLE).forEach(code -> problems.add(problem(code)));
        problems.add(problem(NOT_ACCEPTABLE));
        problems.add(problem(INTERNAL_ERROR));
        // While the projections' database cannot be reached (ProblemHandler, Unavailable).
        problems.add(problem(ProblemCode.SERVICE_UNAVAILABLE));
        // Every operation in the document needs a key: the open paths (health, this document) are not in it.
        problems.addAll(ApiDocuments.ACCESS_PROBLEMS);
        return problems;
    }

    /** This service's own problems: type {@code urn:micro-ledger:problem:<code>}, the status's reason as title. */
    private static ApiProblem problem(ProblemCode code) {
        return ApiProblem.typed(code.status().value(), code.code(), code.status().getReasonPhrase());
    }
}
