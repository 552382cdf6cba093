package dev.microledger.ledger.access;

import dev.microledger.access.AccessRule;
import dev.microledger.access.AccessRules;

import java.util.List;

import static dev.microledger.access.Role.ACCOUNTS;
import static dev.microledger.access.Role.ADMIN;
import static dev.microledger.access.Role.ANALYST;
import static dev.microledger.access.Role.OPERATOR;
import static dev.microledger.access.Role.PAYMENTS;
import static dev.microledger.access.Role.SUPPORT;
import static dev.microledger.access.Role.TREASURY;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call what on ledger-service (docs/DECISIONS.md, "Access"). Health, the OpenAPI document
 * and Swagger UI are open; every other request needs a key. Transfers need
 * {@code payments} or {@code treasury} here; whether the debit account is a SYSTEM account, which
 * only {@code treasury} may debit, is known once the request is read, and checked then.
 */
final class LedgerAccessRules {

    static final AccessRules RULES = new AccessRules(List.of(
            AccessRule.open(GET, "/actuator/health"),
            AccessRule.open(GET, "/actuator/health/liveness"),
            AccessRule.open(GET, "/actuator/health/readiness"),
            AccessRule.of(null, "/actuator/**", OPERATOR),

            // The OpenAPI document and Swagger UI's files describe the API and hold no data, like
            // query-service's dashboard files: a client generator and a browser read them before anyone
            // can give a key, and Swagger UI's "Authorize" then sends the key with every operation,
            // each of which needs one as below.
            AccessRule.open(GET, "/v3/api-docs"),
            AccessRule.open(GET, "/v3/api-docs/**"),
            AccessRule.open(GET, "/swagger-ui.html"),
            AccessRule.open(GET, "/swagger-ui/**"),

            AccessRule.of(POST, "/transfers", PAYMENTS, TREASURY),
            AccessRule.of(POST, "/transfers/batch", PAYMENTS, TREASURY),
            AccessRule.of(POST, "/transfers/*/post", PAYMENTS, TREASURY),
            AccessRule.of(POST, "/transfers/*/void", PAYMENTS, TREASURY),
            AccessRule.of(POST, "/transfers/*/refunds", PAYMENTS, TREASURY),
            AccessRule.of(GET, "/transfers/*", PAYMENTS, TREASURY, SUPPORT, ANALYST),

            AccessRule.of(PUT, "/accounts/*", ACCOUNTS),
            AccessRule.of(PUT, "/accounts/*/limits", ACCOUNTS),
            AccessRule.of(PUT, "/accounts/*/budget", ACCOUNTS),
            AccessRule.of(POST, "/accounts/*/freeze", ACCOUNTS),
            AccessRule.of(POST, "/accounts/*/unfreeze", ACCOUNTS),
            AccessRule.of(POST, "/accounts/*/close", ACCOUNTS),
            AccessRule.of(PUT, "/accounts/*/fees", ACCOUNTS),
            AccessRule.of(DELETE, "/accounts/*/fees", ACCOUNTS),
            AccessRule.of(PUT, "/accounts/*/payouts", ACCOUNTS),
            AccessRule.of(DELETE, "/accounts/*/payouts", ACCOUNTS),

            AccessRule.of(POST, "/accounts/*/bills", TREASURY),
            AccessRule.of(POST, "/bills/*/payments", TREASURY),
            AccessRule.of(POST, "/settlements", TREASURY),

            AccessRule.of(null, "/demo/clock", OPERATOR),

            AccessRule.of(GET, "/admin/audit", OPERATOR),

            AccessRule.of(POST, "/admin/keys", ADMIN),
            AccessRule.of(GET, "/admin/keys", ADMIN),
            AccessRule.of(DELETE, "/admin/keys/*", ADMIN)));

    private LedgerAccessRules() {
    }
}
