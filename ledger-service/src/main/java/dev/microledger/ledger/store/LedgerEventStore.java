package dev.microledger.ledger.store;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * How ledger-service builds Axon's embedded event store: every reader on a stream of its own.
 * <p>
 * By default the embedded event store shares one read-ahead among the readers that have caught
 * up: a thread of its own reads every new event from the database into a list in memory, and
 * each reader walks that list. A reader that falls behind keeps the whole list from its place to
 * the newest event reachable until it next looks, however long the list has grown meanwhile. The
 * ledger has one reader, the Kafka publisher. When it fell behind (a million funding transfers in
 * two and a half minutes), the read-ahead held 700,000 events and ledger-service ran out of its
 * 1 GiB heap. With one reader there is nothing to share, so each stream reads the database
 * itself, one batch at a time, and memory no longer depends on how far behind it is.
 */
public final class LedgerEventStore {

    private LedgerEventStore() {
    }

    /** A builder with the storage engine set and the shared read-ahead off; the caller adds monitors and builds. */
    public static EmbeddedEventStore.Builder builder(EventStorageEngine storageEngine) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .optimizeEventConsumption(false);
    }
}
