package dev.microledger.ledger.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param cacheEntriesMax   accounts kept loaded in memory
 * @param snapshotEventsMax events after which a snapshot of the account is taken
 */
@ConfigurationProperties(prefix = "ledger.accounts")
record AccountLoadingProperties(int cacheEntriesMax, int snapshotEventsMax) {
}
