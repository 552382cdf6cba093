package dev.microledger.ledger.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param cacheEntriesMax        accounts kept loaded in memory
 * @param snapshotEventsMax      events after which a snapshot of the account is taken
 * @param lockWaitSeconds        how long a command waits for an account another command holds
 *                               before it fails
 * @param lockCheckIntervalMillis how often a waiting command looks for a deadlock while it waits
 */
@ConfigurationProperties(prefix = "ledger.accounts")
record AccountLoadingProperties(int cacheEntriesMax, int snapshotEventsMax, int lockWaitSeconds,
                                int lockCheckIntervalMillis) {

    AccountLoadingProperties {
        if (lockWaitSeconds < 1 || lockWaitSeconds > 600) {
            throw new IllegalArgumentException("ledger.accounts.lock-wait-seconds must be 1 to 600");
        }
        if (lockCheckIntervalMillis < 1 || lockCheckIntervalMillis > 1000 * lockWaitSeconds) {
            throw new IllegalArgumentException(
                    "ledger.accounts.lock-check-interval-millis must be 1 ms to lock-wait-seconds");
        }
    }
}
