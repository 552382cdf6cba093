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
 * @param actor  who caused it: an API key's id, {@code token:<subject>} for a bearer token, or one
 *               of the ledger's own actors such as {@code system:hold-expiry}; null when unknown
 *               (events from before actors were recorded). Never a secret.
 * @param requestId the id of the HTTP request that caused it ({@code X-Request-Id}), or null
 */
public record LedgerEvent(String id, String source, String type, Instant time, LedgerEventData data, String actor,
                          String requestId) {

    /** The most code points of an actor or request id. */
    public static final int ACTOR_LENGTH_MAX = 128;

    /** An event whose actor is not known. */
    public LedgerEvent(String id, String source, String type, Instant time, LedgerEventData data) {
        this(id, source, type, time, data, null, null);
    }

    /** The CloudEvents subject and the Kafka record key: the account the event belongs to. */
    public String subject() {
        return data.accountId();
    }
}
