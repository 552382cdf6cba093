package dev.microledger.ledger.store;

import dev.microledger.events.InstantText;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Axon's JDBC event store, reading each event's time with {@link InstantText}. Axon keeps the
 * time as text and parses it with a {@code DateTimeFormatter} each time an event is read: by
 * the publisher for every event, and on every load of an account not in the cache. That parse
 * was the largest single cost of the publisher. What is stored, and the instant read back, are
 * unchanged.
 */
class LedgerEventStorageEngine extends JdbcEventStorageEngine {

    LedgerEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> read = super.getTrackedEventData(resultSet, previousToken);
        if (!(read instanceof DomainEventData<?> domainEvent)) {
            return read;
        }
        return new TrackedDomainEventData<>(read.trackingToken(), withTime(domainEvent, resultSet));
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return withTime(super.getDomainEventData(resultSet), resultSet);
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
