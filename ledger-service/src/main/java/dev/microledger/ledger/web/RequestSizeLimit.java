package dev.microledger.ledger.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.ledger.rejection.RejectionCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies larger than a full batch can reasonably be, before anything reads them:
 * 1000 transfers with maximal text fields fit well within the limit, and nothing larger is ever
 * buffered. Bodies sent without a length are cut off by the same limit while being read.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    static final long BODY_SIZE_BYTES_MAX = 8L * 1024 * 1024;

    private final ObjectMapper json;

    RequestSizeLimit(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > BODY_SIZE_BYTES_MAX) {
            ProblemDetail problem = ProblemResponses.problem(RejectionCode.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + BODY_SIZE_BYTES_MAX + " bytes");
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(RejectionCode.PAYLOAD_TOO_LARGE.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, BODY_SIZE_BYTES_MAX), response);
    }
}
