package dev.microledger.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are let in ({@code access.*}).
 *
 * @param requestsPerSecond the sustained requests a second one key (or token subject) may send
 * @param burstRequests how many requests above that rate one key may send at once
 * @param rateLimitedCallersMax how many callers' rate buckets are kept; beyond that the oldest are forgotten
 * @param jwt bearer JWTs from an identity provider, as an alternative to API keys
 */
@ConfigurationProperties("access")
public record AccessProperties(
        @DefaultValue("2000") int requestsPerSecond,
        @DefaultValue("4000") int burstRequests,
        @DefaultValue("100000") int rateLimitedCallersMax,
        @DefaultValue Jwt jwt) {

    public AccessProperties {
        if (requestsPerSecond < 1 || burstRequests < 1 || rateLimitedCallersMax < 1) {
            throw new IllegalArgumentException("access.requests-per-second, access.burst-requests and "
                    + "access.rate-limited-callers-max must be positive");
        }
    }

    /**
     * @param issuerUri the identity provider's issuer; tokens must name it in {@code iss}; empty: no JWTs
     * @param jwkSetUri where its signing keys are; empty: found from the issuer's metadata
     * @param rolesClaim the claim holding the caller's roles (a list of role names, or one string of names separated by spaces)
     */
    public record Jwt(
            @DefaultValue("") String issuerUri,
            @DefaultValue("") String jwkSetUri,
            @DefaultValue("roles") String rolesClaim) {

        public boolean enabled() {
            return !issuerUri.isBlank() || !jwkSetUri.isBlank();
        }
    }
}
