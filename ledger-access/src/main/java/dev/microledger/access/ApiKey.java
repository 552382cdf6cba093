package dev.microledger.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A key as both services know it: never the secret, only its hash.
 *
 * @param keyId the key's public id, the {@code actor} of what it does
 * @param name what the key is for, such as {@code paywall}
 * @param roles what it may do, at least one
 * @param hash the SHA-256 of the key ({@link ApiKeySecrets#hash})
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(String keyId, String name, Set<Role> roles, String hash, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a key holds at least one role");
        }
        roles = Set.copyOf(roles);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** @return the same key, revoked at the given time (a key revoked once stays revoked then) */
    public ApiKey revokedAt(Instant when) {
        return isRevoked() ? this : new ApiKey(keyId, name, roles, hash, createdAt, when);
    }
}
