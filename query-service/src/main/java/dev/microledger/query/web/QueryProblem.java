package dev.microledger.query.web;

import java.util.Map;

/**
 * A request that cannot be answered as asked, with the code the client sees. It is an
 * expected outcome, not a fault, so it carries no stack trace.
 */
public final class QueryProblem extends RuntimeException {

    private final ProblemCode code;
    private final Map<String, Object> properties;

    public QueryProblem(ProblemCode code, String detail) {
        this(code, detail, Map.of());
    }

    /** A problem with extra members, such as the {@code accountId} it is about. */
    public QueryProblem(ProblemCode code, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public ProblemCode code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
