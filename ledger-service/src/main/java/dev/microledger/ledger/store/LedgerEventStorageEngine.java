package dev.microledger.ledger.store;

import dev.microledger.events.InstantText;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Axon's JDBC event store, reading each event's time with {@link InstantText}. Axon keeps the
 * time as text and parses it with a {@code DateTimeFormatter} each time an event is read: by
 * the publisher for every event, and on every load of an account not in the cache. That parse
 * was the largest single cost of the publisher. What is stored, and the instant read back, are
 * unchanged.
 * <p>
 * It links every event it appends into its account's event chain ({@link ChainLinks}), and it
 * also reads the events after a token with gaps as two queries joined by {@code UNION ALL}
 * (see {@link #readEventDataWithGaps}).
 * <p>
 * <b>Gaps.</b> Transactions commit out of the order of the positions they took: the group-commit
 * workers, the batch endpoint and hold expiry write concurrently. A tracking token keeps the
 * positions below its index that were not committed when it passed them (its gaps) and reads
 * them again each time. Axon gives a gap up by rules that do not know whether its transaction can
 * still commit: more than {@code maxGapOffset} (10,000) positions below the index, which at
 * 20,000 events a second is half a second; or as soon as the read reaches an event whose own time
 * is older than {@code gapTimeout}, a time taken when the command was handled, not when it
 * committed. A transaction that committed after its gap was given up would never reach Kafka.
 * Here a gap is given up only once it is settled ({@link SettledGaps}): the server ends every
 * transaction of the ledger within the transaction timeout, so after the gap timeout no
 * transaction can commit there any more. The tokens of the events read are made without Axon's
 * rules ({@link #getTrackedEventData}), Axon's clean-up of old gaps is off, and the settled gaps
 * are left out after each read ({@link #fetchTrackedEvents}).
 * <p>
 * The gaps of a token are then bounded by the positions of transactions still running, at most
 * one transaction per pooled connection, and of those that rolled back within the last gap
 * timeout: one per event of every rolled-back append. A burst of rollbacks that would give a
 * token more than {@value #TOKEN_GAPS_MAX} gaps holds the publisher back until they settle,
 * rather than letting it forget any.
 */
class LedgerEventStorageEngine extends JdbcEventStorageEngine {

    /**
     * The most gaps a token read here has. Each is one parameter of the read after the token
     * (PostgreSQL takes at most 65,535), and a token's gaps are copied for every event read. It is
     * above the most a token can hold for transactions still running (the default 16 pooled
     * connections, each appending at most the 2,000 events of a batch of 1,000 transfers).
     */
    static final int TOKEN_GAPS_MAX = 50_000;

    /** Axon's first position: a token of a stream read from its start has every position below its event as a gap. */
    private static final long FIRST_INDEX = 1;

    private static final Logger log = LoggerFactory.getLogger(LedgerEventStorageEngine.class);

    private final SettledGaps settledGaps;
    private volatile long gapsWarnedNanos;

    LedgerEventStorageEngine(Builder builder, ChainLinks links, SettledGaps settledGaps) {
        super(builder.readEventDataWithGaps(LedgerEventStorageEngine::readEventDataWithGaps)
                .appendEvents((connection, schema, dataType, events, serializer, timestamps) ->
                        appendLinked(connection, schema, dataType, events, serializer, timestamps, links))
                // Axon's clean-up drops old gaps by the events' own times; see the class comment.
                .gapCleaningThreshold(Integer.MAX_VALUE));
        this.settledGaps = settledGaps;
    }

    /**
     * Axon's insert of appended events, with each event's chain link added to its metadata (see
     * {@link ChainLinks}). Every event the ledger stores belongs to an account.
     */
    private static PreparedStatement appendLinked(Connection connection, EventSchema schema, Class<?> dataType,
                                                  List<? extends EventMessage<?>> events, Serializer serializer,
                                                  TimestampWriter timestamps, ChainLinks links) throws SQLException {
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + String.join(", ",
                schema.eventIdentifierColumn(), schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(),
                schema.typeColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn())
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        PreparedStatement statement = connection.prepareStatement(sql);
        Map<String, ChainLinks.Link> batch = new HashMap<>();
        try {
            for (EventMessage<?> message : events) {
                if (!(message instanceof DomainEventMessage<?> event)) {
                    throw new IllegalStateException("every ledger event belongs to an account; "
                            + message.getPayloadType().getName() + " does not");
                }
                DomainEventMessage<?> linked = links.linked(event, connection, schema, serializer, batch);
                SerializedObject<?> payload = linked.serializePayload(serializer, dataType);
                SerializedObject<?> metaData = linked.serializeMetaData(serializer, dataType);
                statement.setString(1, linked.getIdentifier());
                statement.setString(2, linked.getAggregateIdentifier());
                statement.setLong(3, linked.getSequenceNumber());
                statement.setString(4, linked.getType());
                timestamps.writeTimestamp(statement, 5, linked.getTimestamp());
                statement.setString(6, payload.getType().getName());
                statement.setString(7, payload.getType().getRevision());
                statement.setObject(8, payload.getData());
                statement.setObject(9, metaData.getData());
                statement.addBatch();
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        links.afterCommit(batch);
        return statement;
    }

    /**
     * The events after a tracking token that has gaps: those after its index, up to a batch, and
     * those at its gaps (positions below the index that were not committed yet when it passed
     * them). Axon asks for both in one condition, {@code (index > ? AND index <= ?) OR index IN
     * (…)}, which a planner may answer by scanning the whole event table: every read of the
     * publisher would then cost time in proportion to all events ever written, whenever two
     * transactions had committed out of order. Each half on its own is a range or a lookup on the
     * primary key. Gaps are always below the index, so the halves never share a row; the second
     * half says so as well. Axon uses this statement only for a token with gaps.
     */
    private static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                           int batchSize, List<Long> gaps) throws SQLException {
        String index = schema.globalIndexColumn();
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable();
        String sql = select + " WHERE " + index + " > ? AND " + index + " <= ?"
                + " UNION ALL " + select + " WHERE " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ") AND " + index + " <= ?"
                + " ORDER BY " + index + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        int parameter = 3;
        for (Long gap : gaps) {
            statement.setLong(parameter++, gap);
        }
        statement.setLong(parameter, globalIndex);
        return statement;
    }

    /**
     * Axon's read of the events after a token, with the settled gaps left out of the tokens read.
     * The settled position is taken before the read: every gap at or below it had its transaction
     * ended before the read began (the read's statements take their snapshots after it, as reads
     * at PostgreSQL's default isolation do), so the read finds it filled if it ever will be, and a
     * gap still in a token read is empty for good. The read covers every gap of the token it
     * starts from and every position up to the last event it returns, which are all the gaps its
     * tokens have.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        long settledIndex = settledGaps.settledIndex();
        List<? extends TrackedEventData<?>> read = super.fetchTrackedEvents(lastToken, batchSize);
        if (read.isEmpty()) {
            if (lastToken instanceof GapAwareTrackingToken token) {
                settledGaps.committedSeen(token.getIndex());
            }
            return read;
        }
        settledGaps.committedSeen(((GapAwareTrackingToken) read.get(read.size() - 1).trackingToken()).getIndex());
        List<TrackedEventData<?>> kept = new ArrayList<>(read.size());
        for (TrackedEventData<?> event : read) {
            GapAwareTrackingToken token = (GapAwareTrackingToken) event.trackingToken();
            GapAwareTrackingToken open = token.withGapsTruncatedAt(settledIndex + 1);
            if (open.getGaps().size() > TOKEN_GAPS_MAX) {
                warnGapsMax(open);
                break;
            }
            kept.add(open == token ? event : new TrackedDomainEventData<>(open, (DomainEventData<?>) event));
        }
        return kept;
    }

    /**
     * The event at the cursor, with its token: Axon's token step without Axon's rules for giving up
     * a gap (see the class comment), which {@link #fetchTrackedEvents} applies in their place.
     * Every event the ledger stores belongs to an account ({@link #appendLinked}).
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        long index = resultSet.getLong(schema().globalIndexColumn());
        GapAwareTrackingToken token = previousToken == null
                ? GapAwareTrackingToken.newInstance(index, LongStream.range(Math.min(FIRST_INDEX, index), index)
                        .boxed().toList())
                : previousToken.advanceTo(index, Integer.MAX_VALUE);
        return new TrackedDomainEventData<>(token, getDomainEventData(resultSet));
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return withTime(super.getDomainEventData(resultSet), resultSet);
    }

    private void warnGapsMax(GapAwareTrackingToken token) {
        long now = System.nanoTime();
        if (gapsWarnedNanos != 0 && now - gapsWarnedNanos < TimeUnit.MINUTES.toNanos(1)) {
            return;
        }
        gapsWarnedNanos = now;
        log.warn("The publisher waits at position {}: its token would have {} gaps, more than {}. Many appends "
                + "rolled back recently; the publisher goes on once their positions are settled (gap timeout)",
                token.getIndex(), token.getGaps().size(), TOKEN_GAPS_MAX);
    }

    private <T> DomainEventData<T> withTime(DomainEventData<T> read, ResultSet resultSet) throws SQLException {
        Object stored = readTimeStamp(resultSet, schema().timestampColumn());
        if (!(stored instanceof String text)) {
            return read;
        }
        return new TimedDomainEventData<>(read, InstantText.parse(text));
    }

    /** An event as read, with its time already parsed. */
    private record TimedDomainEventData<T>(DomainEventData<T> read, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getType() {
            return read.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return read.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return read.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return read.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return read.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return read.getPayload();
        }
    }
}
