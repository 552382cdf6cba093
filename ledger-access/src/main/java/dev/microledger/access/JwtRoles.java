package dev.microledger.access;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns a JWT's roles claim into our roles. Names we do not know are ignored, so a token from a
 * shared identity provider carries only the roles meant for the ledger; the actor is {@code sub}.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String claim;

    JwtRoles(String claim) {
        this.claim = claim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String name : names(jwt.getClaim(claim))) {
            Role.fromWireName(name).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    private static List<String> names(Object value) {
        if (value instanceof String text) {
            return List.of(text.trim().split("\\s+"));
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
