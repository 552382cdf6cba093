package dev.microledger.ledger.account;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How accounts are loaded: from a bounded cache when recently used, else from their latest
 * snapshot plus the events after it, so neither memory nor load time grows with history.
 */
@Configuration
class AccountRepositoryConfiguration {

    @Bean
    Cache accountCache(AccountLoadingProperties properties, MeterRegistry meters) {
        LeastRecentlyUsedCache cache = new LeastRecentlyUsedCache(properties.cacheEntriesMax());
        meters.gauge("ledger.accounts.cached", cache, LeastRecentlyUsedCache::size);
        return cache;
    }

    /**
     * A command waits lock-wait-seconds for an account, looking for deadlocks at the interval
     * given. Axon waits one interval per attempt after the first two, hence the two added.
     */
    @Bean
    LockFactory accountLockFactory(AccountLoadingProperties properties) {
        int interval = properties.lockCheckIntervalMillis();
        return PessimisticLockFactory.builder()
                .lockAttemptTimeout(interval)
                .acquireAttempts(properties.lockWaitSeconds() * 1000 / interval + 2)
                .build();
    }

    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter, AccountLoadingProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotEventsMax());
    }
}
