package dev.microledger.query.web;

import dev.microledger.access.AccessProblems;
import dev.microledger.access.Unavailable;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/**
 * Turns every error into RFC 9457 {@code application/problem+json} with the contract's
 * {@code code}. Spring's own errors (unknown route, wrong method, unreadable parameters) get a
 * code from their status; anything unexpected is a 500 that is logged, never a bad request
 * in disguise. The {@code type} is {@code urn:micro-ledger:problem:<code>}, as on ledger-service.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String CODE = "code";

    /** A client told that the projection is behind may ask again in about a second. */
    static final String RETRY_AFTER_SECONDS = Unavailable.RETRY_AFTER_SECONDS;

    @ExceptionHandler(QueryProblem.class)
    ResponseEntity<ProblemDetail> queryProblem(QueryProblem problem, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = problem(problem.code(), problem.getMessage(), request);
        if (answer.getBody() != null) {
            problem.properties().forEach(answer.getBody()::setProperty);
        }
        return problem.code() == ProblemCode.PROJECTION_BEHIND ? askAgainShortly(answer) : answer;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure, HttpServletRequest request) {
        if (Unavailable.isUnavailable(failure)) {
            // The database is restarting or out of connections: the client asks again shortly.
            log.warn("Request {} {} refused for now, the database is not reachable: {}", request.getMethod(),
                    request.getRequestURI(), failure.toString());
            return askAgainShortly(problem(ProblemCode.SERVICE_UNAVAILABLE,
                    "The projections' database is not reachable now; try again.", request));
        }
        log.error("Request {} {} failed", request.getMethod(), request.getRequestURI(), failure);
        return problem(ProblemCode.INTERNAL_ERROR, "The request failed on the server; it has been logged.", request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException failure,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        ResponseEntity<Object> response = super.handleHttpMediaTypeNotSupported(failure, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail detail) {
            detail.setDetail(AccessProblems.unsupportedContentType(failure.getContentType(),
                    failure.getSupportedMediaTypes()));
        }
        return response;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(failure, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail detail) {
            if (failure instanceof NoResourceFoundException missing) {
                // Spring's own detail speaks of static resources, which this service does not serve.
                detail.setDetail("there is no endpoint " + missing.getHttpMethod() + " /" + missing.getResourcePath());
            }
            if (detail.getProperties() == null || !detail.getProperties().containsKey(CODE)) {
                String code = ProblemCode.forStatus(status.value()).code();
                detail.setProperty(CODE, code);
                detail.setType(URI.create(AccessProblems.TYPE_PREFIX + code));
            }
        }
        return response;
    }

    /** The answer with {@code Retry-After}: the client may ask again in about a second. */
    private static ResponseEntity<ProblemDetail> askAgainShortly(ResponseEntity<ProblemDetail> answer) {
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header("Retry-After", RETRY_AFTER_SECONDS).body(answer.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(ProblemCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        setInstance(problem, request.getRequestURI());
        problem.setProperty(CODE, code.code());
        problem.setType(URI.create(AccessProblems.TYPE_PREFIX + code.code()));
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The instance is a courtesy; a path that is not a valid URI simply goes without it. */
    private static void setInstance(ProblemDetail problem, String path) {
        try {
            problem.setInstance(URI.create(path));
        } catch (IllegalArgumentException e) {
            problem.setInstance(null);
        }
    }
}
