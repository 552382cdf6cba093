package dev.microledger.ledger.store;

import dev.microledger.events.EventChain;
import dev.microledger.ledger.publishing.WireEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the link of every event the ledger stores (see {@link EventChain}) and keeps it in the
 * event's metadata under {@link #METADATA_KEY}, so that the publisher sends it with the event and
 * the audit can check it. An event's link needs the link of its account's previous event: the one
 * appended just before it in the same batch, else the last one a committed transaction wrote
 * (kept for the most recently used accounts), else the stored event itself.
 */
public final class ChainLinks {

    /** The metadata entry that holds an event's link, in {@link EventChain#text} form. */
    public static final String METADATA_KEY = "chain";

    private final EventChain chain;
    private final WireEvents wire;
    private final Map<String, Link> committed;

    /** The link of an account's event at a sequence. */
    record Link(long sequence, byte[] link) {
    }

    ChainLinks(EventChain chain, WireEvents wire, int accountsMax) {
        this.chain = chain;
        this.wire = wire;
        this.committed = new LinkedHashMap<>(Math.min(accountsMax, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Link> eldest) {
                return size() > accountsMax;
            }
        };
    }

    /** @return the link kept in an event's metadata, or null for an event stored before links were */
    public static byte[] link(MetaData metaData) {
        Object text = metaData.get(METADATA_KEY);
        return text == null ? null : EventChain.parseText(text.toString());
    }

    EventChain chain() {
        return chain;
    }

    /**
     * The event with its link in its metadata.
     *
     * @param batch the links made so far in this append, by account; this event's is added
     */
    DomainEventMessage<?> linked(DomainEventMessage<?> event, Connection connection, EventSchema schema,
                                 Serializer serializer, Map<String, Link> batch) throws SQLException {
        String accountId = event.getAggregateIdentifier();
        long sequence = event.getSequenceNumber();
        byte[] previous = previous(accountId, sequence, connection, schema, serializer, batch);
        byte[] value = wire.encode(event.getPayload(), sequence, event.getIdentifier(), event.getMetaData());
        byte[] link = chain.link(previous, value);
        batch.put(accountId, new Link(sequence, link));
        return event.andMetaData(Map.of(METADATA_KEY, EventChain.text(link)));
    }

    /**
     * Once the transaction that appends a batch has committed, its links are the accounts' last
     * ones; a batch that rolls back leaves nothing behind, so an event that never committed can
     * never be taken for a predecessor.
     */
    void afterCommit(Map<String, Link> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Link> links = new HashMap<>(batch);
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.root().afterCommit(committedUnit -> remember(links)));
    }

    private synchronized void remember(Map<String, Link> links) {
        links.forEach((accountId, link) -> committed.merge(accountId, link,
                (kept, added) -> added.sequence() > kept.sequence() ? added : kept));
    }

    private synchronized Link lastCommitted(String accountId) {
        return committed.get(accountId);
    }

    private byte[] previous(String accountId, long sequence, Connection connection, EventSchema schema,
                            Serializer serializer, Map<String, Link> batch) throws SQLException {
        if (sequence == 0) {
            return EventChain.start();
        }
        Link inBatch = batch.get(accountId);
        if (inBatch != null && inBatch.sequence() == sequence - 1) {
            return inBatch.link();
        }
        Link kept = lastCommitted(accountId);
        if (kept != null && kept.sequence() == sequence - 1) {
            return kept.link();
        }
        return stored(accountId, sequence - 1, connection, schema, serializer);
    }

    /**
     * The link of a stored event, read from its metadata. An event stored before links were kept
     * has none; the chain of its account then starts again from {@link EventChain#start()}, as
     * the consumers' does (docs/events/integrity.md).
     */
    private static byte[] stored(String accountId, long sequence, Connection connection, EventSchema schema,
                                 Serializer serializer) throws SQLException {
        String sql = "SELECT " + schema.metaDataColumn() + " FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn() + " = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, accountId);
            statement.setLong(2, sequence);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("account " + accountId + " has no stored event at sequence "
                            + sequence + " to link its next event to");
                }
                byte[] link = link(metaData(row.getBytes(1), serializer));
                return link == null ? EventChain.start() : link;
            }
        }
    }

    static MetaData metaData(byte[] serialized, Serializer serializer) {
        if (serialized == null) {
            return MetaData.emptyInstance();
        }
        return serializer.deserialize(new SimpleSerializedObject<>(serialized, byte[].class, MetaData.class.getName(), null));
    }
}
