package dev.microledger.ledger.publishing;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.ledger.audit.CallerMetaData;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * The bytes an event of the event store has on the topic: its CloudEvents envelope with who
 * caused it, encoded. The event chain links these bytes when the event is stored, the publisher
 * sends these bytes, and the audit recomputes them from the stored event; one method makes them
 * for all three, so they cannot drift apart. The encoding is a pure function of the stored event.
 */
@Component
public class WireEvents {

    private final LedgerEventMapper mapper;
    private final LedgerEventCodec codec = new LedgerEventCodec();

    WireEvents(LedgerEventMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The event as it travels.
     *
     * @param payload one of the ledger's events
     * @param sequence the event's sequence in its account
     * @param eventId the event's id
     * @param metaData the event's stored metadata (who caused it)
     * @return the event in the wire contract
     * @throws IllegalArgumentException for a payload that is not one of the ledger's events
     */
    public LedgerEvent event(Object payload, long sequence, String eventId, MetaData metaData) {
        LedgerEvent event = mapper.map(payload, sequence, eventId);
        return new LedgerEvent(event.id(), event.source(), event.type(), event.time(), event.data(),
                CallerMetaData.actor(metaData), CallerMetaData.requestId(metaData));
    }

    /**
     * The record value of the event: {@link #event} encoded.
     *
     * @return the bytes consumers receive and the chain links
     */
    public byte[] encode(Object payload, long sequence, String eventId, MetaData metaData) {
        return codec.encode(event(payload, sequence, eventId, metaData));
    }

    /** @return the encoding of an event already in the wire contract */
    byte[] encode(LedgerEvent event) {
        return codec.encode(event);
    }
}
