package dev.microledger.query.web;

/**
 * A request that cannot be answered as asked, with the code the client sees. It is an
 * expected outcome, not a fault, so it carries no stack trace.
 */
public final class QueryProblem extends RuntimeException {

    private final ProblemCode code;

    public QueryProblem(ProblemCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ProblemCode code() {
        return code;
    }
}
