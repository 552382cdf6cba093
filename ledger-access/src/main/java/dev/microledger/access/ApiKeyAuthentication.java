package dev.microledger.access;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** A caller let in by an API key: its name is the key id, its authorities the key's roles. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKey key;

    ApiKeyAuthentication(ApiKey key) {
        super(key.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return key.keyId();
    }

    @Override
    public String getName() {
        return key.keyId();
    }

    public ApiKey key() {
        return key;
    }

    List<Role> roles() {
        return List.copyOf(key.roles());
    }
}
