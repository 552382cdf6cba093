package dev.microledger.query.web;

import org.springframework.http.HttpStatus;

/**
 * The stable {@code code} of every error this service answers with, one-to-one with the
 * strings of the HTTP contract. Clients branch on the code, never on the detail text.
 */
public enum ProblemCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "validation_failed"),
    UNKNOWN_CURRENCY(HttpStatus.BAD_REQUEST, "unknown_currency"),
    ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND, "account_not_found"),
    BILL_NOT_FOUND(HttpStatus.NOT_FOUND, "bill_not_found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not_found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not_acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
    PROJECTION_BEHIND(HttpStatus.SERVICE_UNAVAILABLE, "projection_behind"),
    /** A record of the account was set aside (integrity check, gap, invariant); its projection waits for the true one. */
    ACCOUNT_HELD(HttpStatus.SERVICE_UNAVAILABLE, "account_held"),
    REBUILD_IN_PROGRESS(HttpStatus.CONFLICT, "rebuild_in_progress"),
    REBUILD_NOT_READY(HttpStatus.CONFLICT, "rebuild_not_ready"),
    /** Applying a set-aside record again failed again; it stays set aside. */
    REPLAY_FAILED(HttpStatus.CONFLICT, "replay_failed"),
    QUERY_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "query_timeout"),
    /** The service's database cannot be reached now (restarting, no free connection): try again. */
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error");

    private final HttpStatus status;
    private final String code;

    ProblemCode(HttpStatus status, String code) {
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The code for an error that Spring raised itself, before any of our handlers ran. */
    static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> INTERNAL_ERROR;
        };
    }
}
