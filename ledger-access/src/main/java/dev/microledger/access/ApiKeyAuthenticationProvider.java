package dev.microledger.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.util.Optional;

/**
 * Lets in a bearer token that is one of our API keys. A token without the key prefix is left to
 * the next provider (a JWT); one with the prefix that is malformed, unknown, does not match its
 * hash or is revoked is refused. Unknown and mismatched keys get the same answer.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeyDirectory directory;

    ApiKeyAuthenticationProvider(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (!token.startsWith(ApiKeySecrets.PREFIX)) {
            return null;
        }
        Optional<String> keyId = ApiKeySecrets.keyId(token);
        if (keyId.isEmpty()) {
            throw new KeyRejectedException(AccessMetrics.UNKNOWN_KEY, null, "the key is not one this ledger issued");
        }
        ApiKey key = directory.find(keyId.get())
                .filter(candidate -> ApiKeySecrets.matches(candidate.hash(), token))
                .orElseThrow(() -> new KeyRejectedException(AccessMetrics.UNKNOWN_KEY, keyId.get(),
                        "the key is not one this ledger issued"));
        if (key.isRevoked()) {
            throw new KeyRejectedException(AccessMetrics.REVOKED_KEY, key.keyId(),
                    "the key " + key.keyId() + " was revoked at " + key.revokedAt());
        }
        directory.recordUse(key.keyId());
        return new ApiKeyAuthentication(key);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
