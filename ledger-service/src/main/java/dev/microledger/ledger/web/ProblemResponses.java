package dev.microledger.ledger.web;

import dev.microledger.access.AccessProblems;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/** Builds RFC 9457 problem documents that carry the ledger's stable {@code code}. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static ProblemDetail problem(RejectionCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(AccessProblems.TYPE_PREFIX + code.code()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        return problem;
    }

    public static ProblemDetail problem(LedgerRejection rejection) {
        ProblemDetail problem = problem(rejection.code(), rejection.detail());
        rejection.properties().forEach(problem::setProperty);
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
