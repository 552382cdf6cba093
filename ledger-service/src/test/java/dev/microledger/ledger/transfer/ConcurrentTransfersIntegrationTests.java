package dev.microledger.ledger.transfer;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.PaymentDeclined;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.LedgerEvent;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.publishing.TopicEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentTransfersIntegrationTests extends LedgerIntegrationTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static final int ACCOUNTS = 6;
    private static final int THREADS = 8;
    private static final int TRANSFERS_PER_THREAD = 40;

    @Test
    void crossingTransfersNeitherDeadlockNorBreakTheTrialBalance() throws Exception {
        String funding = unique("funding");
        openAccount(funding, "EUR", "SYSTEM", null);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String user = unique("user" + i);
            users.add(user);
            openAccount(user, "EUR", "USER", null);
            assertThat(transfer(unique("top-up"), funding, user, "1", "EUR").status()).isEqualTo(201);
        }
        AtomicInteger posted = new AtomicInteger();
        AtomicInteger declined = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            long seed = thread;
            work.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    String amount = DecimalAmounts.format(1 + random.nextInt(400_000), 6);
                    Response response = transfer(unique("t"), users.get(from), users.get(to), amount, "EUR");
                    if (response.status() == 201) {
                        posted.incrementAndGet();
                    } else {
                        assertThat(response.code()).isEqualTo("insufficient_funds");
                        declined.incrementAndGet();
                    }
                }
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("no deadlock").isTrue();
        for (Future<?> future : work) {
            future.get();
        }
        assertThat(posted.get() + declined.get()).isEqualTo(THREADS * TRANSFERS_PER_THREAD);
        assertThat(posted.get()).isPositive();

        // Every account's events arrive in sequence order; the last balances sum to zero.
        List<String> all = new ArrayList<>(users);
        all.add(funding);
        // Each posted transfer is two entries; each declined one is a decline on its payer's stream.
        int expectedEvents = 1 + ACCOUNTS * 3 + posted.get() * 2 + declined.get();
        List<LedgerEvent> events = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC, all,
                expectedEvents, Duration.ofSeconds(90));
        assertThat(events).hasSize(expectedEvents);
        assertThat(events.stream().filter(event -> event.data() instanceof PaymentDeclined declinedEvent
                && declinedEvent.reason().equals("insufficient_funds"))).hasSize(declined.get());
        Map<String, Long> lastSequence = new HashMap<>();
        Map<String, Long> balance = new HashMap<>();
        for (LedgerEvent event : events) {
            long expectedSequence = lastSequence.getOrDefault(event.subject(), -1L) + 1;
            assertThat(event.data().sequence()).as("sequence of " + event.subject()).isEqualTo(expectedSequence);
            lastSequence.put(event.subject(), expectedSequence);
            if (event.data() instanceof AccountEntry entry) {
                balance.put(entry.accountId(), DecimalAmounts.parse(entry.balanceAfter(), entry.scale()));
            }
        }
        assertThat(balance.values().stream().mapToLong(Long::longValue).sum()).isZero();
        users.forEach(user -> assertThat(balance.get(user)).isGreaterThanOrEqualTo(0));
        // The busy accounts were snapshotted (every 10 events in tests) and kept loading correctly after it.
        Integer snapshots = jdbc.queryForObject("SELECT count(*) FROM SnapshotEventEntry WHERE aggregateIdentifier IN ("
                + String.join(",", java.util.Collections.nCopies(all.size(), "?")) + ")", Integer.class, all.toArray());
        assertThat(snapshots).isPositive();
    }
}
