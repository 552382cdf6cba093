package dev.microledger.access;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which roles may send requests of one method to one path pattern ({@code /accounts/*}); an
 * empty set of roles means anybody, without a credential.
 *
 * @param method the HTTP method, or null for every method
 * @param pattern a Spring path pattern
 * @param roles the roles of which the caller needs one, in the order a refusal names them
 */
public record AccessRule(HttpMethod method, String pattern, List<Role> roles) {

    public AccessRule {
        Objects.requireNonNull(pattern, "pattern");
        roles = List.copyOf(roles);
    }

    public static AccessRule open(HttpMethod method, String pattern) {
        return new AccessRule(method, pattern, List.of());
    }

    public static AccessRule of(HttpMethod method, String pattern, Role... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException("a rule with a credential names at least one role; use open() for none");
        }
        return new AccessRule(method, pattern, List.of(roles));
    }

    public boolean isOpen() {
        return roles.isEmpty();
    }

    public Set<Role> roleSet() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    RequestMatcher matcher() {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
}
