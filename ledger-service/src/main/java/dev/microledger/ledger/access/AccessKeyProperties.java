package dev.microledger.ledger.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where ledger-service keeps and shares its keys ({@code ledger.access.*}).
 *
 * @param adminKey the bootstrap admin key ({@code MICRO_LEDGER_ADMIN_KEY}); it is added once, as the
 *     key named {@code admin}, when no key of its id exists; empty: none is added
 * @param keysTopic the compacted topic on which every key (its hash, never the secret) is shared
 *     with query-service
 * @param refreshMillis how often the keys are read again from the database and any change not yet
 *     on the topic is published: the bound on how late a revocation binds, here and (plus the
 *     consumer's poll) on query-service
 * @param lastUsedFlushSeconds how often the times keys were last used are written to the database
 */
@ConfigurationProperties("ledger.access")
record AccessKeyProperties(
        @DefaultValue("") String adminKey,
        @DefaultValue("ledger.keys") String keysTopic,
        @DefaultValue("1000") long refreshMillis,
        @DefaultValue("10") long lastUsedFlushSeconds) {

    AccessKeyProperties {
        if (refreshMillis < 100 || refreshMillis > 2000) {
            throw new IllegalArgumentException("ledger.access.refresh-millis must be 100 to 2000: a revocation must bind within 5 s");
        }
        if (lastUsedFlushSeconds < 1) {
            throw new IllegalArgumentException("ledger.access.last-used-flush-seconds must be positive");
        }
    }

    @Override
    public String toString() {
        return "AccessKeyProperties[adminKey=" + (adminKey.isBlank() ? "none" : "set") + ", keysTopic=" + keysTopic
                + ", refreshMillis=" + refreshMillis + "]";
    }
}
