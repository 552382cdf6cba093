package dev.microledger.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller (Bucket4j): {@code access.requests-per-second} sustained, with bursts
 * up to {@code access.burst-requests}. Past it: 429 {@code rate_limited} with {@code Retry-After}.
 * It runs after authentication, so an unauthenticated flood is refused before it costs a bucket.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final AccessProperties properties;
    private final AccessMetrics metrics;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(AccessProperties properties, AccessMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || caller.getName() == null
                || "anonymousUser".equals(caller.getName())) {
            chain.doFilter(request, response);
            return;
        }
        String keyId = caller instanceof ApiKeyAuthentication ? caller.getName() : null;
        if (buckets.size() >= properties.rateLimitedCallersMax()) {
            // Forgetting every bucket gives each caller a full burst once more; the bound matters more.
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(caller.getName(), name -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            metrics.denied(request, AccessMetrics.RATE_LIMITED, keyId);
            response.setHeader("Retry-After", Long.toString(seconds));
            AccessProblems.write(request, response, 429, "rate_limited", "Too Many Requests",
                    "this caller sent more than " + properties.requestsPerSecond() + " requests a second; retry after "
                            + seconds + " s", Map.of());
            return;
        }
        metrics.allowed(keyId);
        chain.doFilter(request, response);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(properties.burstRequests())
                        .refillGreedy(properties.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
