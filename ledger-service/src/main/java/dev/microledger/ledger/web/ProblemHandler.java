package dev.microledger.ledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.microledger.access.AccessProblems;
import dev.microledger.access.Unavailable;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.stream.Collectors;

/**
 * Turns every failure into a problem document with a stable code. Bad input is always a 4xx
 * that names what is wrong; only a fault of the service itself is a 500, logged with its cause.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(LedgerRejection.class)
    ResponseEntity<ProblemDetail> rejected(LedgerRejection rejection) {
        return ProblemResponses.response(ProblemResponses.problem(rejection));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception failure) {
        if (Unavailable.isUnavailable(failure)) {
            // The database is restarting or out of connections: the client tries again, nothing was committed.
            log.warn("request refused for now, the database is not reachable: {}", failure.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", Unavailable.RETRY_AFTER_SECONDS)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemResponses.problem(RejectionCode.SERVICE_UNAVAILABLE, "the ledger's database is not "
                            + "reachable now; nothing was changed unless a retry says otherwise: try again"));
        }
        log.error("request failed", failure);
        return ProblemResponses.response(ProblemResponses.problem(RejectionCode.INTERNAL_ERROR,
                "the ledger could not complete the request; nothing was changed unless a retry says otherwise"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = unreadable(ex);
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        ResponseEntity<Object> response = super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setDetail(AccessProblems.unsupportedContentType(ex.getContentType(), ex.getSupportedMediaTypes()));
        }
        return response;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (ex instanceof NoResourceFoundException missing && response != null
                && response.getBody() instanceof ProblemDetail notFound) {
            // Spring's own detail speaks of static resources, which this service does not serve.
            notFound.setDetail("there is no endpoint " + missing.getHttpMethod() + " /" + missing.getResourcePath());
        }
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getProperties() == null) {
            RejectionCode code = codeFor(statusCode);
            problem.setType(java.net.URI.create(AccessProblems.TYPE_PREFIX + code.code()));
            problem.setProperty("code", code.code());
        }
        return response;
    }

    private static RejectionCode codeFor(HttpStatusCode status) {
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return RejectionCode.NOT_FOUND;
        }
        if (status.value() == HttpStatus.METHOD_NOT_ALLOWED.value()) {
            return RejectionCode.METHOD_NOT_ALLOWED;
        }
        if (status.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            return RejectionCode.UNSUPPORTED_MEDIA_TYPE;
        }
        if (status.value() == HttpStatus.NOT_ACCEPTABLE.value()) {
            return RejectionCode.NOT_ACCEPTABLE;
        }
        if (status.is4xxClientError()) {
            return RejectionCode.VALIDATION_FAILED;
        }
        return status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                ? RejectionCode.SERVICE_UNAVAILABLE : RejectionCode.INTERNAL_ERROR;
    }

    /**
     * A body that is not JSON is {@code malformed_json}; JSON of the wrong shape names the field,
     * and a wrongly typed amount is {@code invalid_amount} like any other bad amount.
     */
    private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return ProblemResponses.problem(RejectionCode.UNKNOWN_FIELD, "unknown field '" + unknown.getPropertyName()
                    + "'" + where(unknown) + "; the fields are " + unknown.getKnownPropertyIds());
        }
        if (cause instanceof JsonProcessingException processing && processing.getOriginalMessage() != null
                && processing.getOriginalMessage().startsWith("Duplicate field")) {
            return ProblemResponses.problem(RejectionCode.DUPLICATE_FIELD, processing.getOriginalMessage()
                    + ": every field is given once");
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String path = mismatch.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            boolean amountField = field != null && (field.equals("amount") || field.equals("creditLimit"));
            RejectionCode code = amountField ? RejectionCode.INVALID_AMOUNT : RejectionCode.VALIDATION_FAILED;
            return ProblemResponses.problem(code, path + " has the wrong type"
                    + (amountField ? ": amounts are JSON strings such as \"0.25\"" : ""));
        }
        if (cause instanceof JsonMappingException mapping && !isEmptyBody(mapping)) {
            // Jackson's own message names Java classes, which say nothing to a client and too much to an attacker.
            return ProblemResponses.problem(RejectionCode.VALIDATION_FAILED, "the body does not have the expected shape"
                    + where(mapping) + ": see the API's schema of this request");
        }
        String reason = cause instanceof JsonProcessingException processing ? processing.getOriginalMessage()
                : "the request body is missing";
        return ProblemResponses.problem(RejectionCode.MALFORMED_JSON, "the request body is not valid JSON: " + reason);
    }

    private static String where(JsonMappingException mismatch) {
        if (mismatch.getPath().size() < 2) {
            return "";
        }
        String path = mismatch.getPath().subList(0, mismatch.getPath().size() - 1).stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return " in " + path;
    }

    /** A body of only white space reaches Jackson, which reports it as a mismatch with no content. */
    private static boolean isEmptyBody(JsonMappingException mapping) {
        String message = mapping.getOriginalMessage();
        return message != null && message.startsWith("No content to map");
    }
}
