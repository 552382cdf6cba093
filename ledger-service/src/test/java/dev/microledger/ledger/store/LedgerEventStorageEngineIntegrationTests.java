package dev.microledger.ledger.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's event store reads times its own way; every event must still read back exactly as
 * Axon's own JDBC event store reads it from the same tables. Its tracking tokens keep every gap
 * until it is settled, where Axon's give gaps up by their distance and by the events' times
 * ({@link LedgerEventStorageEngine}); they are compared with those of Axon's engine with its rules
 * for giving up gaps turned off.
 */
class LedgerEventStorageEngineIntegrationTests extends LedgerIntegrationTestSupport {

    @Autowired
    private EventStorageEngine engine;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    @Autowired
    private Serializer serializer;

    @Autowired
    private PersistenceExceptionResolver persistenceExceptionResolver;

    @Autowired
    private ConnectionProvider connectionProvider;

    @Autowired
    private TransactionManager transactionManager;

    @Test
    void readsEveryEventAsAxonsOwnEventStoreDoes() {
        // More than the snapshot interval of the tests, so loads read a snapshot and the events after it.
        List<String> accounts = accountsWithTransfers(25);
        JdbcEventStorageEngine axons = axonsEngine();
        assertThat(engine).isInstanceOf(LedgerEventStorageEngine.class);

        for (String account : accounts) {
            List<? extends DomainEventMessage<?>> ours = engine.readEvents(account).asStream().toList();
            List<? extends DomainEventMessage<?>> theirs = axons.readEvents(account).asStream().toList();
            assertThat(ours).hasSize(26).hasSameSizeAs(theirs);
            for (int i = 0; i < ours.size(); i++) {
                assertThat(ours.get(i).getIdentifier()).isEqualTo(theirs.get(i).getIdentifier());
                assertThat(ours.get(i).getSequenceNumber()).isEqualTo(theirs.get(i).getSequenceNumber());
                assertThat(ours.get(i).getTimestamp()).isEqualTo(theirs.get(i).getTimestamp());
                assertThat(ours.get(i).getPayload()).isEqualTo(theirs.get(i).getPayload());
            }
        }

        Map<String, TrackedEventMessage<?>> ourStream = byIdentifier(engine.readEvents(null, false));
        Map<String, TrackedEventMessage<?>> theirStream = byIdentifier(axons.readEvents(null, false));
        assertThat(ourStream.keySet()).isEqualTo(theirStream.keySet()).hasSizeGreaterThanOrEqualTo(52);
        ourStream.forEach((identifier, ours) -> {
            TrackedEventMessage<?> theirs = theirStream.get(identifier);
            GapAwareTrackingToken ourToken = (GapAwareTrackingToken) ours.trackingToken();
            GapAwareTrackingToken theirToken = (GapAwareTrackingToken) theirs.trackingToken();
            assertThat(ourToken.getIndex()).isEqualTo(theirToken.getIndex());
            // The same gaps, but for those settled while the suite ran.
            assertThat(theirToken.getGaps()).containsAll(ourToken.getGaps());
            assertThat(ours.getTimestamp()).isEqualTo(theirs.getTimestamp());
            assertThat(ours.getPayload()).isEqualTo(theirs.getPayload());
            assertThat(ours).isInstanceOf(DomainEventMessage.class);
            assertThat(((DomainEventMessage<?>) ours).getAggregateIdentifier())
                    .isEqualTo(((DomainEventMessage<?>) theirs).getAggregateIdentifier());
        });
    }

    /**
     * A token with gaps: positions below its index that a tracking read has not seen yet. The
     * ledger asks for the events after the index and those at the gaps in two halves of a union;
     * what comes back, and in which order, must be what Axon's single query returns.
     */
    @Test
    void readsAfterATokenWithGapsAsAxonsOwnEventStoreDoes() {
        List<String> accounts = accountsWithTransfers(5);
        Map<Long, String> identifiersByPosition;
        try (Stream<? extends TrackedEventMessage<?>> all = engine.readEvents(null, false)) {
            identifiersByPosition = all.filter(event -> event instanceof DomainEventMessage<?> domain
                            && accounts.contains(domain.getAggregateIdentifier()))
                    .collect(Collectors.toMap(event -> ((GapAwareTrackingToken) event.trackingToken()).getIndex(),
                            TrackedEventMessage::getIdentifier));
        }
        List<Long> positions = identifiersByPosition.keySet().stream().sorted().toList();
        assertThat(positions).hasSize(12);
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(positions.get(6),
                List.of(positions.get(1), positions.get(4)));

        List<TrackedEventMessage<?>> ours = first(engine.readEvents(token, false), 7);
        List<TrackedEventMessage<?>> theirs = first(axonsEngine().readEvents(token, false), 7);

        assertThat(ours).extracting(TrackedEventMessage::getIdentifier)
                .containsExactlyElementsOf(theirs.stream().map(TrackedEventMessage::getIdentifier).toList());
        assertThat(ours).extracting(TrackedEventMessage::trackingToken)
                .containsExactlyElementsOf(theirs.stream().map(TrackedEventMessage::trackingToken).toList());
        // The two events at the gaps first, then the first event after the token's index.
        assertThat(ours).extracting(TrackedEventMessage::getIdentifier).startsWith(
                identifiersByPosition.get(positions.get(1)), identifiersByPosition.get(positions.get(4)),
                identifiersByPosition.get(positions.get(7)));
    }

    @Test
    void axonsSerializersReadInstantsWithTheLedgersReader() {
        ObjectMapper mapper = ((JacksonSerializer) eventSerializer).getObjectMapper();
        assertThat(mapper.getRegisteredModuleIds()).contains("micro-ledger-instants");
    }

    /** A SYSTEM and a USER account, and that many transfers from the first to the second. */
    private List<String> accountsWithTransfers(int transfers) {
        String funding = unique("funding");
        String alice = unique("alice");
        openAccount(funding, "USD", "SYSTEM", null);
        openAccount(alice, "USD", "USER", null);
        for (int i = 0; i < transfers; i++) {
            assertThat(transfer(unique("t"), funding, alice, "0.000" + (i % 9 + 1), "USD").status()).isEqualTo(201);
        }
        return List.of(funding, alice);
    }

    /** Axon's engine on the same tables, keeping every gap: no distance, time or clean-up gives one up. */
    private JdbcEventStorageEngine axonsEngine() {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .maxGapOffset(Integer.MAX_VALUE)
                .gapTimeout(Integer.MAX_VALUE)
                .gapCleaningThreshold(Integer.MAX_VALUE)
                .build();
    }

    private static List<TrackedEventMessage<?>> first(Stream<? extends TrackedEventMessage<?>> stream, int count) {
        try (stream) {
            return stream.limit(count).collect(Collectors.toList());
        }
    }

    private static Map<String, TrackedEventMessage<?>> byIdentifier(Stream<? extends TrackedEventMessage<?>> stream) {
        try (stream) {
            return stream.collect(Collectors.toMap(TrackedEventMessage::getIdentifier, message -> message));
        }
    }
}
