package dev.microledger.access;

import java.util.Optional;

/** Where a service looks keys up: ledger-service from its database, query-service from the key topic. */
public interface ApiKeyDirectory {

    /**
     * @param keyId a key id
     * @return the key, revoked or not, or empty when this service knows no key of that id
     */
    Optional<ApiKey> find(String keyId);

    /** Notes that a key was just used; a directory may keep the time, batched. */
    default void recordUse(String keyId) {
    }
}
