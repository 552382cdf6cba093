package dev.microledger.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One answer with a problem document, as a service's OpenAPI document lists it: the HTTP status,
 * the stable {@code code} clients branch on, the title and the problem {@code type}.
 *
 * @param status the HTTP status
 * @param code the stable code, such as {@code insufficient_funds}
 * @param title the title the problem document carries
 * @param type the problem type the document carries
 */
public record ApiProblem(int status, String code, String title, String type) {

    /** Refusals of the access layer, the same on both services (AccessSecurity, RateLimitFilter). */
    public static final ApiProblem UNAUTHENTICATED = typed(401, "unauthenticated", "Unauthorized");
    public static final ApiProblem FORBIDDEN = typed(403, "forbidden", "Forbidden");
    public static final ApiProblem RATE_LIMITED = typed(429, "rate_limited", "Too Many Requests");

    public ApiProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(type, "type");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem answers with a 4xx or 5xx status, not " + status);
        }
    }

    /** A problem whose type is {@code urn:micro-ledger:problem:<code>}, like every refusal of the access layer. */
    public static ApiProblem typed(int status, String code, String title) {
        return new ApiProblem(status, code, title, AccessProblems.TYPE_PREFIX + code);
    }

    /** What the document shows as this problem's example: the members every answer with this code carries. */
    Map<String, Object> example() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", "a sentence for people; clients branch on code");
        example.put("code", code);
        return example;
    }
}
