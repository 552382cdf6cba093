package dev.microledger.ledger.audit;

import dev.microledger.access.Actors;
import dev.microledger.access.RequestIds;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;

/**
 * Who caused an event, kept in its Axon metadata: {@code actor} (a key id, {@code token:<sub>}
 * or one of the ledger's own actors) and {@code requestId}. The publisher puts both on the
 * CloudEvents envelope. A command sent while serving a request carries them
 * ({@link AuditConfiguration}); Axon copies them onto every event the command applies.
 */
public final class CallerMetaData {

    public static final String ACTOR = "actor";
    public static final String REQUEST_ID = "requestId";

    private CallerMetaData() {
    }

    /** @return the caller of the request this thread serves, or empty metadata outside a request */
    public static MetaData ofCurrentRequest() {
        String requestId = RequestIds.current();
        if (requestId == null) {
            return MetaData.emptyInstance();
        }
        Map<String, Object> values = new HashMap<>();
        values.put(ACTOR, Actors.current());
        values.put(REQUEST_ID, requestId);
        return MetaData.from(values);
    }

    /** @return metadata that names one of the ledger's own actors, for work nobody asked for */
    public static MetaData ofLedger(String actor) {
        return MetaData.with(ACTOR, actor);
    }

    /** @return the actor in the metadata, or null */
    public static String actor(MetaData metaData) {
        Object actor = metaData.get(ACTOR);
        return actor == null ? null : actor.toString();
    }

    /** @return the request id in the metadata, or null */
    public static String requestId(MetaData metaData) {
        Object requestId = metaData.get(REQUEST_ID);
        return requestId == null ? null : requestId.toString();
    }
}
