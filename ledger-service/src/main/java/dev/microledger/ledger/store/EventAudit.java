package dev.microledger.ledger.store;

import dev.microledger.events.EventChain;
import dev.microledger.ledger.publishing.WireEvents;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Checks the whole event store against the event chain: account by account, each event's
 * sequence must follow the one before, and its stored link must be the one its bytes on the wire
 * and the previous link make ({@link EventChain}). It reads in pages along the unique index of
 * (account, sequence), so it holds one page and one account in memory however large the store.
 *
 * <p>Events stored before links were kept have none; they are counted, and the chain of their
 * account starts at the first linked event. An unlinked event after a linked one of the same
 * account is a break: nothing the ledger writes makes one.
 */
@Component
public class EventAudit {

    static final int PAGE_SIZE = 1_000;

    private final JdbcTemplate jdbc;
    private final EventChain chain;
    private final WireEvents wire;
    private final Serializer serializer;
    private final EventSchema schema = new EventSchema();

    EventAudit(JdbcTemplate jdbc, EventChain chain, WireEvents wire, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.wire = wire;
        this.serializer = serializer;
    }

    /** Where the chain breaks first. */
    public record Break(String accountId, long sequence, long globalIndex, String eventId, String reason) {
    }

    /** What one audit found. */
    public record Findings(long eventsChecked, long accountsChecked, long unlinkedEvents, long breaks,
                           Break firstBreak) {
    }

    /** @return how many events the store holds now, for progress */
    public long eventCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + schema.domainEventTable(), Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Checks every stored event.
     *
     * @param progress told the number of events checked after each page
     * @return what it found
     */
    public Findings run(LongConsumer progress) {
        Walk walk = new Walk();
        String sql = "SELECT " + String.join(", ", schema.globalIndexColumn(), schema.eventIdentifierColumn(),
                schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn())
                + " FROM " + schema.domainEventTable()
                + " WHERE (" + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn() + ") > (?, ?)"
                + " ORDER BY " + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn()
                + " LIMIT " + PAGE_SIZE;
        String afterAccount = "";
        long afterSequence = Long.MIN_VALUE;
        while (true) {
            List<StoredEvent> page = jdbc.query(sql, EventAudit::read, afterAccount, afterSequence);
            for (StoredEvent event : page) {
                walk.check(event);
            }
            progress.accept(walk.eventsChecked);
            if (page.size() < PAGE_SIZE) {
                return walk.findings();
            }
            StoredEvent last = page.get(page.size() - 1);
            afterAccount = last.accountId();
            afterSequence = last.sequence();
        }
    }

    private record StoredEvent(long globalIndex, String eventId, String accountId, long sequence, String payloadType,
                               String payloadRevision, byte[] payload, byte[] metaData) {
    }

    private static StoredEvent read(ResultSet row, int rowNumber) throws SQLException {
        return new StoredEvent(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5),
                row.getString(6), row.getBytes(7), row.getBytes(8));
    }

    /** The state of one pass: the account being walked and what was found so far. */
    private final class Walk {

        private String accountId;
        private long lastSequence;
        private byte[] lastLink;
        private long eventsChecked;
        private long accountsChecked;
        private long unlinkedEvents;
        private long breaks;
        private Break firstBreak;

        void check(StoredEvent event) {
            eventsChecked++;
            if (!event.accountId().equals(accountId)) {
                accountId = event.accountId();
                accountsChecked++;
                lastSequence = -1;
                lastLink = null;
            }
            if (event.sequence() != lastSequence + 1) {
                broken(event, "the account's events go from sequence " + lastSequence + " to " + event.sequence());
            }
            lastSequence = event.sequence();
            MetaData metaData;
            Object payload;
            try {
                metaData = ChainLinks.metaData(event.metaData(), serializer);
                payload = serializer.deserialize(new SimpleSerializedObject<>(event.payload(), byte[].class,
                        event.payloadType(), event.payloadRevision()));
            } catch (RuntimeException e) {
                broken(event, "the stored event cannot be read: " + e.getMessage());
                lastLink = null;
                return;
            }
            byte[] stored = ChainLinks.link(metaData);
            if (stored == null) {
                if (lastLink != null) {
                    broken(event, "the event has no link, although an earlier event of its account has one");
                } else {
                    unlinkedEvents++;
                }
                return;
            }
            byte[] previous = lastLink == null ? EventChain.start() : lastLink;
            byte[] expected;
            try {
                expected = chain.link(previous, wire.encode(payload, event.sequence(), event.eventId(), metaData));
            } catch (RuntimeException e) {
                broken(event, "the stored event cannot be put in its wire form: " + e.getMessage());
                lastLink = stored;
                return;
            }
            if (!Arrays.equals(expected, stored)) {
                broken(event, "the stored link is not the one the event and its predecessor make: the event, its "
                        + "predecessor or the link was changed after it was written, or another key wrote it");
            }
            // Walking on from the stored link reports each changed event once, not every event after it.
            lastLink = stored;
        }

        private void broken(StoredEvent event, String reason) {
            breaks++;
            if (firstBreak == null) {
                firstBreak = new Break(event.accountId(), event.sequence(), event.globalIndex(), event.eventId(), reason);
            }
        }

        Findings findings() {
            return new Findings(eventsChecked, accountsChecked, unlinkedEvents, breaks, firstBreak);
        }
    }
}
