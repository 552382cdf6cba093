package dev.microledger.events;

import java.time.Instant;

/**
 * A ledger event as it travels on Kafka: a CloudEvents 1.0 envelope in structured JSON mode.
 *
 * @param id     unique per event; consumers may use it to detect duplicates
 * @param source the producing service, e.g. {@code /micro-ledger/ledger-service}
 * @param type   one of {@link LedgerEventTypes}
 * @param time   when the event was committed to the event store
 * @param data   the event itself
 */
public record LedgerEvent(String id, String source, String type, Instant time, LedgerEventData data) {

    /** The CloudEvents subject and the Kafka record key: the account the event belongs to. */
    public String subject() {
        return data.accountId();
    }
}
