package dev.microledger.ledger.rejection;

import org.springframework.http.HttpStatus;

/**
 * Every way the ledger can refuse a request, mapped one-to-one to the stable {@code code} of the
 * HTTP problem document. Clients branch on these strings, so they never change once published.
 */
public enum RejectionCode {

    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Invalid request"),
    INVALID_AMOUNT(HttpStatus.BAD_REQUEST, "Invalid amount"),
    AMOUNT_PRECISION_EXCEEDED(HttpStatus.BAD_REQUEST, "Amount precision exceeded"),
    UNKNOWN_CURRENCY(HttpStatus.BAD_REQUEST, "Unknown currency"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Malformed JSON"),
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST, "Unknown field"),
    DUPLICATE_FIELD(HttpStatus.BAD_REQUEST, "Duplicate field"),
    /** The caller's key lacks the role the request needs, found only once the request was read (a SYSTEM debit). */
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND, "Account not found"),
    TRANSFER_NOT_FOUND(HttpStatus.NOT_FOUND, "Transfer not found"),
    KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "Key not found"),
    BILL_NOT_FOUND(HttpStatus.NOT_FOUND, "Bill not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large"),
    ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS(HttpStatus.CONFLICT, "Account exists with different fields"),
    TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS(HttpStatus.CONFLICT, "Transfer exists with different fields"),
    REFUND_EXISTS_WITH_DIFFERENT_FIELDS(HttpStatus.CONFLICT, "Refund exists with different fields"),
    INSUFFICIENT_FUNDS(HttpStatus.UNPROCESSABLE_ENTITY, "Insufficient funds"),
    LIMIT_EXCEEDED(HttpStatus.UNPROCESSABLE_ENTITY, "Limit exceeded"),
    CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "Currency mismatch"),
    ACCOUNTS_MUST_BE_DIFFERENT(HttpStatus.UNPROCESSABLE_ENTITY, "Accounts must be different"),
    ACCOUNT_FROZEN(HttpStatus.UNPROCESSABLE_ENTITY, "Account frozen"),
    ACCOUNT_CLOSED(HttpStatus.UNPROCESSABLE_ENTITY, "Account closed"),
    ACCOUNT_BALANCE_NOT_ZERO(HttpStatus.UNPROCESSABLE_ENTITY, "Account balance not zero"),
    TRANSFER_NOT_PENDING(HttpStatus.UNPROCESSABLE_ENTITY, "Transfer not pending"),
    AMOUNT_EXCEEDS_HOLD(HttpStatus.UNPROCESSABLE_ENTITY, "Amount exceeds hold"),
    REFUND_EXCEEDS_TRANSFER(HttpStatus.UNPROCESSABLE_ENTITY, "Refund exceeds transfer"),
    BALANCE_OVERFLOW(HttpStatus.UNPROCESSABLE_ENTITY, "Balance overflow"),
    LINKED_TRANSFER_FAILED(HttpStatus.UNPROCESSABLE_ENTITY, "Linked transfer failed"),
    NOT_SUPPORTED(HttpStatus.UNPROCESSABLE_ENTITY, "Not supported"),
    /** The account is of a kind the request does not apply to (a fee schedule on a USER account). */
    ACCOUNT_KIND_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "Account kind mismatch"),
    /** Billing asked of an account that is not postpaid. */
    ACCOUNT_NOT_POSTPAID(HttpStatus.UNPROCESSABLE_ENTITY, "Account not postpaid"),
    /** A payment of an account with a bill unpaid past its due time. */
    BILL_OVERDUE(HttpStatus.UNPROCESSABLE_ENTITY, "Bill overdue"),
    PAYMENT_EXCEEDS_BILL(HttpStatus.UNPROCESSABLE_ENTITY, "Payment exceeds bill"),
    /** The demo clock (off by default) was asked to go back past what the ledger recorded. */
    CLOCK_BACKWARDS(HttpStatus.UNPROCESSABLE_ENTITY, "Clock backwards"),
    /** The demo clock (off by default) was asked to run ahead of the real time. */
    CLOCK_AHEAD_OF_TIME(HttpStatus.UNPROCESSABLE_ENTITY, "Clock ahead of time"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    RejectionCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The string clients see, e.g. {@code insufficient_funds}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
