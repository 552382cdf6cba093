package dev.microledger.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and logs who was let in and who was not: {@code ledger_access_denied_total{reason}},
 * {@code ledger_access_requests_total{key}} per API key, and one log line per refused request
 * with the key id (never the secret), the path and the caller's address.
 */
public final class AccessMetrics {

    /** Reasons a request is refused, the values of the metric's {@code reason} tag. */
    public static final String MISSING_CREDENTIAL = "missing_credential";
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String REVOKED_KEY = "revoked_key";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String MISSING_ROLE = "missing_role";
    public static final String RATE_LIMITED = "rate_limited";

    private static final Logger log = LoggerFactory.getLogger(AccessMetrics.class);

    private final MeterRegistry meters;
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();
    /** Key ids are few (an admin makes each); token subjects could be many, so they are counted together. */
    private static final int KEY_COUNTERS_MAX = 10_000;

    public AccessMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void denied(HttpServletRequest request, String reason, String keyId) {
        meters.counter("ledger.access.denied", "reason", reason).increment();
        log.warn("Refused {} {} ({}): key {} from {}", request.getMethod(), request.getRequestURI(), reason,
                keyId == null ? "-" : keyId, request.getRemoteAddr());
    }

    public void allowed(String keyId) {
        String tag = keyId != null && requestCounters.size() < KEY_COUNTERS_MAX ? keyId : "token";
        requestCounters.computeIfAbsent(tag, key -> meters.counter("ledger.access.requests", "key", key)).increment();
    }
}
