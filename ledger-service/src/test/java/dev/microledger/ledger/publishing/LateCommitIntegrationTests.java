package dev.microledger.ledger.publishing;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.LedgerEvent;
import dev.microledger.ledger.LedgerServiceApplication;
import dev.microledger.ledger.TestKeys;
import dev.microledger.ledger.account.AccountKind;
import dev.microledger.ledger.account.AccountOpenedEvent;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Transactions commit out of the order of their positions in the event store. One that commits
 * after the publisher has gone far past its position still reaches Kafka; one that runs past the
 * transaction timeout is ended by the database and never does.
 *
 * <p>Axon's own rules would give the late position up on either count here: the publisher reads
 * more than Axon's 10,000 positions beyond it ({@code maxGapOffset}), and those events carry
 * times older than Axon's one-minute {@code gapTimeout}, as events of commands that waited long
 * before they committed do.
 *
 * <p>The service runs with short timeouts on a database of its own, so that its publisher is the
 * only one reading that event store, and publishes to a topic of its own.
 */
class LateCommitIntegrationTests {

    private static final int TRANSACTION_TIMEOUT_SECONDS = 10;
    private static final int GAP_TIMEOUT_SECONDS = 2 * TRANSACTION_TIMEOUT_SECONDS;
    /** One more than Axon's default {@code maxGapOffset}. */
    private static final int LATER_EVENTS = 10_001;
    private static final String TOPIC = "ledger.events.late-commit-" + UUID.randomUUID();

    private static ConfigurableApplicationContext service;
    private static EventStore eventStore;
    private static TransactionTemplate transactions;
    private static JdbcTemplate jdbc;
    private static StreamingEventProcessor publisher;

    @BeforeAll
    static void startTheService() {
        PostgresDatabase database = SharedTestPostgres.freshDatabase("ledger_late_commit");
        service = new SpringApplicationBuilder(LedgerServiceApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ledger.kafka.bootstrap-servers=" + SharedTestBroker.get().bootstrapServers(),
                "--ledger.kafka.username=" + SharedTestBroker.ledgerServiceLogin().username(),
                "--ledger.kafka.password=" + SharedTestBroker.ledgerServiceLogin().password(),
                "--ledger.kafka.topic=" + TOPIC,
                "--ledger.access.keys-topic=" + TOPIC + ".keys",
                "--ledger.event-store.transaction-timeout-seconds=" + TRANSACTION_TIMEOUT_SECONDS,
                "--ledger.event-store.gap-timeout-seconds=" + GAP_TIMEOUT_SECONDS,
                TestKeys.adminKeyArgument(), TestKeys.eventChainKeyArgument());
        eventStore = service.getBean(EventStore.class);
        transactions = new TransactionTemplate(service.getBean(PlatformTransactionManager.class));
        jdbc = service.getBean(JdbcTemplate.class);
        publisher = service.getBean(EventProcessingConfiguration.class)
                .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anEventCommittedAfterThePublisherWentFarPastItsPositionStillReachesKafka() throws Exception {
        String lateAccount = "late-" + UUID.randomUUID();
        HeldTransaction held = HeldTransaction.begin(lateAccount);
        long heldSince = System.nanoTime();
        long heldIndex = held.awaitWritten();

        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        List<DomainEventMessage<?>> later = new ArrayList<>(LATER_EVENTS);
        for (int i = 0; i < LATER_EVENTS; i++) {
            later.add(opened("later-" + UUID.randomUUID(), longAgo));
        }
        eventStore.publish(later);
        long lastLaterIndex = indexOf(later.get(later.size() - 1).getAggregateIdentifier());
        assertThat(lastLaterIndex - heldIndex).isGreaterThan(10_000);
        awaitPublisherTokens(token -> token.getIndex() >= lastLaterIndex,
                Duration.ofSeconds(TRANSACTION_TIMEOUT_SECONDS));
        long heldSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - heldSince);
        if (heldSeconds >= TRANSACTION_TIMEOUT_SECONDS - 1) {
            fail("the later events took " + heldSeconds + " s to publish: too close to the transaction timeout of "
                    + TRANSACTION_TIMEOUT_SECONDS + " s for the held transaction to commit");
        }
        // The publisher went on past the open transaction's position and still looks at it.
        assertThat(publisherTokens()).allSatisfy(token -> assertThat(token.getGaps()).contains(heldIndex));

        held.commit();

        assertThat(held.outcome()).succeedsWithin(Duration.ofSeconds(5));
        List<LedgerEvent> published = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC,
                List.of(lateAccount), 1, Duration.ofSeconds(30));
        assertThat(published).extracting(LedgerEvent::subject).containsExactly(lateAccount);
        awaitPublisherTokens(token -> !token.getGaps().contains(heldIndex), Duration.ofSeconds(10));
    }

    @Test
    void aTransactionHeldPastTheTransactionTimeoutIsEndedAndItsEventNeverPublished() throws Exception {
        String abandonedAccount = "abandoned-" + UUID.randomUUID();
        HeldTransaction held = HeldTransaction.begin(abandonedAccount);
        long heldIndex = held.awaitWritten();
        String passing = "passing-" + UUID.randomUUID();
        eventStore.publish(opened(passing, Instant.now()));
        awaitPublisherTokens(token -> token.getGaps().contains(heldIndex), Duration.ofSeconds(30));

        TimeUnit.SECONDS.sleep(TRANSACTION_TIMEOUT_SECONDS + 2);
        held.commit();

        assertThat(held.outcome()).failsWithin(Duration.ofSeconds(5));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                Long.class, abandonedAccount)).isZero();

        // Once the gap timeout has passed, the publisher gives the empty position up; it needs
        // events to read to store a token without it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GAP_TIMEOUT_SECONDS + 30);
        String last = passing;
        while (publisherTokens().stream().anyMatch(token -> token.getGaps().contains(heldIndex))) {
            if (System.nanoTime() > deadline) {
                fail("the publisher still looks at position " + heldIndex + " long after its gap timeout: "
                        + publisherTokens());
            }
            last = "passing-" + UUID.randomUUID();
            eventStore.publish(opened(last, Instant.now()));
            TimeUnit.SECONDS.sleep(1);
        }
        String lastPassing = last;
        List<String> seen = TopicEvents.records(SharedTestBroker.get().bootstrapServers(), TOPIC,
                        List.of(abandonedAccount, lastPassing),
                        records -> records.stream().anyMatch(record -> record.key().equals(lastPassing)),
                        Duration.ofSeconds(30))
                .stream().map(record -> record.key()).toList();
        assertThat(seen).contains(lastPassing).doesNotContain(abandonedAccount);
    }

    @Test
    void aBurstOfEmptyPositionsBeyondTheTokensGapLimitHoldsThePublisherBackUntilTheyAreSettled() throws Exception {
        // The positions a burst of rolled-back appends leaves behind: more than the 50,000 gaps a
        // token may have, and more than the 65,535 parameters PostgreSQL takes in one statement.
        String sequence = "pg_get_serial_sequence('domainevententry', 'globalindex')";
        jdbc.queryForObject("SELECT setval(" + sequence + ", nextval(" + sequence + ") + 70000)", Long.class);
        String afterBurst = "after-burst-" + UUID.randomUUID();
        eventStore.publish(opened(afterBurst, Instant.now()));

        assertThat(TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC, List.of(afterBurst), 1,
                Duration.ofSeconds(GAP_TIMEOUT_SECONDS / 2))).isEmpty();

        List<LedgerEvent> published = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC,
                List.of(afterBurst), 1, Duration.ofSeconds(GAP_TIMEOUT_SECONDS + 30));
        assertThat(published).extracting(LedgerEvent::subject).containsExactly(afterBurst);
        assertThat(publisherTokens()).allSatisfy(token -> assertThat(token.getGaps()).hasSizeLessThan(50_000));
    }

    /**
     * A database transaction on a thread of its own that appends one event through the ledger's
     * event store and stays open until told to commit.
     */
    private static final class HeldTransaction {

        private final CountDownLatch written = new CountDownLatch(1);
        private final CountDownLatch commit = new CountDownLatch(1);
        private final CompletableFuture<Void> outcome = new CompletableFuture<>();
        private volatile long index;

        static HeldTransaction begin(String accountId) {
            HeldTransaction held = new HeldTransaction();
            Thread thread = new Thread(() -> held.run(accountId), "held-transaction");
            thread.setDaemon(true);
            thread.start();
            return held;
        }

        private void run(String accountId) {
            try {
                transactions.executeWithoutResult(status -> {
                    // Axon's event store joins the transaction this thread has begun.
                    eventStore.publish(opened(accountId, Instant.now()));
                    index = indexOf(accountId);
                    written.countDown();
                    awaitQuietly(commit);
                });
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }

        long awaitWritten() throws InterruptedException {
            if (!written.await(30, TimeUnit.SECONDS)) {
                fail("the held transaction did not write its event: " + outcome);
            }
            return index;
        }

        void commit() {
            commit.countDown();
        }

        CompletableFuture<Void> outcome() {
            return outcome;
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                if (!latch.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never told to commit");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static DomainEventMessage<AccountOpenedEvent> opened(String accountId, Instant at) {
        return new GenericDomainEventMessage<>("Account", accountId, 0,
                new AccountOpenedEvent(accountId, "USD", AccountKind.USER, 0, "{}", at), Map.of(),
                UUID.randomUUID().toString(), at);
    }

    /** The event store position of an account's first event, as seen by the calling thread's transaction. */
    private static long indexOf(String accountId) {
        Long index = jdbc.queryForObject("SELECT globalIndex FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                Long.class, accountId);
        return index == null ? -1 : index;
    }

    private static List<GapAwareTrackingToken> publisherTokens() {
        Collection<EventTrackerStatus> segments = publisher.processingStatus().values();
        List<GapAwareTrackingToken> tokens = new ArrayList<>();
        for (EventTrackerStatus segment : segments) {
            WrappedToken.unwrap(segment.getTrackingToken(), GapAwareTrackingToken.class).ifPresent(tokens::add);
        }
        return tokens;
    }

    private static void awaitPublisherTokens(Predicate<GapAwareTrackingToken> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<GapAwareTrackingToken> tokens = publisherTokens();
            if (!tokens.isEmpty() && tokens.size() == publisher.processingStatus().size()
                    && tokens.stream().allMatch(condition)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the publisher's tokens did not get there within " + timeout + ": " + tokens);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
