package dev.microledger.query.access;

import dev.microledger.access.AccessRule;
import dev.microledger.access.AccessRules;

import java.util.List;

import static dev.microledger.access.Role.ANALYST;
import static dev.microledger.access.Role.OPERATOR;
import static dev.microledger.access.Role.SUPPORT;
import static org.springframework.http.HttpMethod.GET;

/**
 * Who may call what on query-service (docs/DECISIONS.md, "Access"). The dashboard's page and
 * scripts, the OpenAPI document and Swagger UI are open: they hold no data, and a browser loads
 * them before anyone can type a key; every answer with data needs a key.
 */
final class QueryAccessRules {

    static final AccessRules RULES = new AccessRules(List.of(
            AccessRule.open(GET, "/actuator/health"),
            AccessRule.open(GET, "/actuator/health/liveness"),
            AccessRule.open(GET, "/actuator/health/readiness"),
            AccessRule.of(null, "/actuator/**", OPERATOR),

            AccessRule.open(GET, "/"),
            AccessRule.open(GET, "/dashboard/**"),
            AccessRule.open(GET, "/webjars/**"),
            // The OpenAPI document and Swagger UI's files describe the API and hold no data, like the
            // dashboard's files: a client generator and a browser read them before anyone can give a key,
            // and Swagger UI's "Authorize" then sends the key with every operation, each of which needs one.
            AccessRule.open(GET, "/v3/api-docs"),
            AccessRule.open(GET, "/v3/api-docs/**"),
            AccessRule.open(GET, "/swagger-ui.html"),
            AccessRule.open(GET, "/swagger-ui/**"),

            AccessRule.of(GET, "/accounts", SUPPORT, ANALYST),
            AccessRule.of(GET, "/accounts/*", SUPPORT, ANALYST),
            AccessRule.of(GET, "/accounts/*/**", SUPPORT, ANALYST),
            AccessRule.of(GET, "/bills/*", SUPPORT, ANALYST),
            AccessRule.of(GET, "/settlements", SUPPORT, ANALYST),
            AccessRule.of(GET, "/analytics/**", ANALYST),
            AccessRule.of(null, "/admin/projections/**", OPERATOR)));

    private QueryAccessRules() {
    }
}
