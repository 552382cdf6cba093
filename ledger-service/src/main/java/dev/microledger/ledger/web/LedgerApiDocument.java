package dev.microledger.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.access.ApiDocuments;
import dev.microledger.access.ApiProblem;
import dev.microledger.ledger.rejection.RejectionCode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNTS_MUST_BE_DIFFERENT;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_BALANCE_NOT_ZERO;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_CLOSED;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_FROZEN;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_KIND_MISMATCH;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_NOT_FOUND;
import static dev.microledger.ledger.rejection.RejectionCode.ACCOUNT_NOT_POSTPAID;
import static dev.microledger.ledger.rejection.RejectionCode.AMOUNT_EXCEEDS_HOLD;
import static dev.microledger.ledger.rejection.RejectionCode.AMOUNT_PRECISION_EXCEEDED;
import static dev.microledger.ledger.rejection.RejectionCode.BALANCE_OVERFLOW;
import static dev.microledger.ledger.rejection.RejectionCode.BILL_NOT_FOUND;
import static dev.microledger.ledger.rejection.RejectionCode.BILL_OVERDUE;
import static dev.microledger.ledger.rejection.RejectionCode.CLOCK_AHEAD_OF_TIME;
import static dev.microledger.ledger.rejection.RejectionCode.CLOCK_BACKWARDS;
import static dev.microledger.ledger.rejection.RejectionCode.CURRENCY_MISMATCH;
import static dev.microledger.ledger.rejection.RejectionCode.DUPLICATE_FIELD;
import static dev.microledger.ledger.rejection.RejectionCode.FORBIDDEN;
import static dev.microledger.ledger.rejection.RejectionCode.INSUFFICIENT_FUNDS;
import static dev.microledger.ledger.rejection.RejectionCode.INTERNAL_ERROR;
import static dev.microledger.ledger.rejection.RejectionCode.INVALID_AMOUNT;
import static dev.microledger.ledger.rejection.RejectionCode.KEY_NOT_FOUND;
import static dev.microledger.ledger.rejection.RejectionCode.LIMIT_EXCEEDED;
import static dev.microledger.ledger.rejection.RejectionCode.MALFORMED_JSON;
import static dev.microledger.ledger.rejection.RejectionCode.NOT_ACCEPTABLE;
import static dev.microledger.ledger.rejection.RejectionCode.NOT_FOUND;
import static dev.microledger.ledger.rejection.RejectionCode.PAYLOAD_TOO_LARGE;
import static dev.microledger.ledger.rejection.RejectionCode.PAYMENT_EXCEEDS_BILL;
import static dev.microledger.ledger.rejection.RejectionCode.REFUND_EXCEEDS_TRANSFER;
import static dev.microledger.ledger.rejection.RejectionCode.REFUND_EXISTS_WITH_DIFFERENT_FIELDS;
import static dev.microledger.ledger.rejection.RejectionCode.SERVICE_UNAVAILABLE;
import static dev.microledger.ledger.rejection.RejectionCode.TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS;
import static dev.microledger.ledger.rejection.RejectionCode.TRANSFER_NOT_FOUND;
import static dev.microledger.ledger.rejection.RejectionCode.TRANSFER_NOT_PENDING;
import static dev.microledger.ledger.rejection.RejectionCode.UNKNOWN_CURRENCY;
import static dev.microledger.ledger.rejection.RejectionCode.UNKNOWN_FIELD;
import static dev.microledger.ledger.rejection.RejectionCode.UNSUPPORTED_MEDIA_TYPE;
import static dev.microledger.ledger.rejection.RejectionCode.VALIDATION_FAILED;

/**
 * ledger-service's OpenAPI document: its info, and the one table of which codes each operation
 * can answer besides the ones every operation shares. The codes are {@link RejectionCode}s, so
 * the document cannot name a code the ledger does not answer; an operation without a row fails
 * the document (and so the tests), so a new endpoint cannot go undocumented.
 */
@Configuration(proxyBeanMethods = false)
class LedgerApiDocument {

    static {
        // Free-form JSON (metadata, pending) is an object to a client, not Jackson's node class.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    static final String TITLE = "micro-ledger ledger-service";

    /** Without META-INF/build-info.properties (a run from an IDE), the document says so rather than guess. */
    static final String VERSION_UNKNOWN = "unversioned";

    static final String DESCRIPTION = "The command side of micro-ledger, an event-sourced ledger for micropayments: "
            + "accounts, transfers and holds, refunds, fees, bills, settlements and API keys. The HTTP contract is "
            + "docs/API.md in the repository; the rules behind the answers are in docs/DECISIONS.md. Amounts are "
            + "decimal strings in major units (\"0.0025\"). Every operation needs Authorization: Bearer <key> with "
            + "one of the roles its description names. Every error is an RFC 9457 problem document "
            + "(application/problem+json) with a stable code; each operation lists the codes it can answer.";

    private static final List<RejectionCode> HOLD_PAYER = List.of(INSUFFICIENT_FUNDS, LIMIT_EXCEEDED, CURRENCY_MISMATCH,
            ACCOUNT_FROZEN, ACCOUNT_CLOSED, BALANCE_OVERFLOW, BILL_OVERDUE);

    /** "METHOD path" to the codes the operation answers beyond those of {@link #shared}. */
    private static final Map<String, List<RejectionCode>> CODES = Map.ofEntries(
            Map.entry("PUT /accounts/{accountId}", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED, UNKNOWN_CURRENCY,
                    ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS)),
            Map.entry("POST /accounts/{accountId}/freeze", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED)),
            Map.entry("POST /accounts/{accountId}/unfreeze", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED)),
            Map.entry("POST /accounts/{accountId}/close", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_BALANCE_NOT_ZERO)),
            Map.entry("PUT /accounts/{accountId}/limits", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED)),
            Map.entry("PUT /accounts/{accountId}/budget", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED)),
            Map.entry("PUT /accounts/{accountId}/fees", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    ACCOUNT_NOT_FOUND, ACCOUNT_KIND_MISMATCH, CURRENCY_MISMATCH, ACCOUNT_CLOSED)),
            Map.entry("DELETE /accounts/{accountId}/fees", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_KIND_MISMATCH,
                    ACCOUNT_CLOSED)),
            Map.entry("PUT /accounts/{accountId}/payouts", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    ACCOUNT_NOT_FOUND, ACCOUNT_KIND_MISMATCH, CURRENCY_MISMATCH, ACCOUNT_CLOSED)),
            Map.entry("DELETE /accounts/{accountId}/payouts", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_KIND_MISMATCH,
                    ACCOUNT_CLOSED)),
            Map.entry("POST /transfers", concat(List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED, UNKNOWN_CURRENCY,
                    FORBIDDEN, ACCOUNT_NOT_FOUND, TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, ACCOUNTS_MUST_BE_DIFFERENT,
                    ACCOUNT_KIND_MISMATCH, SERVICE_UNAVAILABLE), HOLD_PAYER)),
            // A batch answers 200 with a result per transfer, rejected ones with their code; only the
            // request as a whole can be refused with a problem.
            Map.entry("POST /transfers/batch", List.of()),
            Map.entry("GET /transfers/{transferId}", List.of(TRANSFER_NOT_FOUND)),
            Map.entry("POST /transfers/{transferId}/post", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    TRANSFER_NOT_FOUND, ACCOUNT_NOT_FOUND, TRANSFER_NOT_PENDING, AMOUNT_EXCEEDS_HOLD, ACCOUNT_FROZEN,
                    ACCOUNT_CLOSED, ACCOUNT_KIND_MISMATCH, BALANCE_OVERFLOW)),
            Map.entry("POST /transfers/{transferId}/void", List.of(TRANSFER_NOT_FOUND, TRANSFER_NOT_PENDING)),
            Map.entry("POST /transfers/{transferId}/refunds", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    TRANSFER_NOT_FOUND, REFUND_EXISTS_WITH_DIFFERENT_FIELDS, REFUND_EXCEEDS_TRANSFER, INSUFFICIENT_FUNDS,
                    ACCOUNT_FROZEN, ACCOUNT_CLOSED, BALANCE_OVERFLOW)),
            Map.entry("POST /accounts/{accountId}/bills", List.of(ACCOUNT_NOT_FOUND, ACCOUNT_NOT_POSTPAID)),
            Map.entry("POST /bills/{billId}/payments", List.of(INVALID_AMOUNT, AMOUNT_PRECISION_EXCEEDED,
                    BILL_NOT_FOUND, ACCOUNT_NOT_FOUND, TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, ACCOUNTS_MUST_BE_DIFFERENT,
                    PAYMENT_EXCEEDS_BILL, INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, ACCOUNT_FROZEN, ACCOUNT_CLOSED,
                    BALANCE_OVERFLOW)),
            Map.entry("POST /settlements", List.of(ACCOUNT_NOT_FOUND, ACCOUNTS_MUST_BE_DIFFERENT, ACCOUNT_KIND_MISMATCH,
                    INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, ACCOUNT_FROZEN, ACCOUNT_CLOSED, BALANCE_OVERFLOW)),
            Map.entry("GET /demo/clock", List.of()),
            Map.entry("PUT /demo/clock", List.of(CLOCK_AHEAD_OF_TIME, CLOCK_BACKWARDS)),
            Map.entry("DELETE /demo/clock", List.of()),
            Map.entry("GET /admin/audit", List.of(NOT_FOUND)),
            Map.entry("POST /admin/keys", List.of()),
            Map.entry("GET /admin/keys", List.of()),
            Map.entry("DELETE /admin/keys/{keyId}", List.of(KEY_NOT_FOUND)));

    @Bean
    OpenAPI ledgerOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null || properties.getVersion() == null ? VERSION_UNKNOWN : properties.getVersion();
        return ApiDocuments.document(TITLE, version, DESCRIPTION);
    }

    @Bean
    OpenApiCustomizer ledgerProblems() {
        return ApiDocuments.problemAnswers(LedgerApiDocument::problems);
    }

    /** Everything the operation can answer with a problem document, by the table. */
    private static List<ApiProblem> problems(String endpoint, Operation operation) {
        List<RejectionCode> codes = CODES.get(endpoint);
        if (codes == null) {
            throw new IllegalStateException(endpoint + " has no row in LedgerApiDocument's table of the codes it "
                    + "answers; add one");
        }
        List<ApiProblem> problems = new ArrayList<>();
        concat(shared(operation), codes).stream().distinct().forEach(code -> problems.add(problem(code)));
        // Every operation in the document needs a key: the open paths (health, this document) are not in it.
        problems.addAll(ApiDocuments.ACCESS_PROBLEMS);
        return problems;
    }

    /**
     * What every operation can answer: 400 for a path id or field that is not valid, 406 for an
     * Accept without JSON, 500 for a fault of the ledger itself, 503 while its database cannot be
     * reached (ProblemHandler, Unavailable); and with a body, its strict reading (ProblemHandler,
     * StrictRequests, RequestSizeLimit).
     */
    private static List<RejectionCode> shared(Operation operation) {
        List<RejectionCode> codes = new ArrayList<>(List.of(VALIDATION_FAILED));
        if (operation.getRequestBody() != null) {
            codes.addAll(List.of(MALFORMED_JSON, UNKNOWN_FIELD, DUPLICATE_FIELD, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE));
        }
        codes.addAll(List.of(NOT_ACCEPTABLE, INTERNAL_ERROR, SERVICE_UNAVAILABLE));
        return codes;
    }

    private static ApiProblem problem(RejectionCode code) {
        return ApiProblem.typed(code.status().value(), code.code(), code.title());
    }

    private static List<RejectionCode> concat(List<RejectionCode> first, List<RejectionCode> second) {
        List<RejectionCode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
