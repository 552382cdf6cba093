package dev.microledger.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the RFC 9457 problem documents of refused requests, in the services' shape
 * ({@code type} {@code urn:micro-ledger:problem:<code>} and a stable {@code code}), from
 * filters that run before Spring MVC.
 */
public final class AccessProblems {

    public static final String TYPE_PREFIX = "urn:micro-ledger:problem:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessProblems() {
    }

    /**
     * The detail of a 415: which content type was sent and which to send instead, so that a client
     * that forgot {@code Content-Type: application/json} is told exactly that.
     *
     * @param sent the request's content type, or null when it had none
     * @param supported what the endpoint reads
     */
    public static String unsupportedContentType(MediaType sent, List<MediaType> supported) {
        String expected = supported.stream().filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .map(type -> type.getType() + "/" + type.getSubtype()).distinct()
                .reduce((first, second) -> first + " or " + second).orElse("application/json");
        return (sent == null ? "the request has no Content-Type" : "Content-Type '" + sent + "' is not read here")
                + "; send the body as " + expected + " (Content-Type: " + expected.split(" or ")[0] + ")";
    }

    /**
     * @param status the HTTP status
     * @param code the stable code, such as {@code unauthenticated}
     * @param title the short human title
     * @param detail what happened and what to do
     * @param extra further members, such as {@code requiredRole}
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String title, String detail, Map<String, Object> extra) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", TYPE_PREFIX + code);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("code", code);
        extra.forEach((name, value) -> problem.set(name, JSON.valueToTree(value)));
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
        response.flushBuffer();
    }
}
