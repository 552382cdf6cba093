package dev.microledger.ledger.account;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.ledger.LedgerServiceApplication;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures how long ledger-service takes to load an account that is not in its cache, by the
 * number of events the account holds. It starts the real service (its Spring context, Axon
 * configuration, event store and snapshotter) on a fresh database, gives accounts of 1,000,
 * 100,000 and 1,000,000 events (by default) their history by appending the events the aggregate
 * applies through Axon's event store in large batches, lets the snapshotter take their snapshots,
 * then times {@link ReadAccountCommand}s with the account cache emptied before each one.
 *
 * <p>Each account is timed twice: first with its latest snapshot 998 events behind its last event
 * (the most that a snapshot every 1,000 events leaves to replay: the trigger counts the snapshot as
 * one), then with a snapshot at its last event. In between, the service is restarted on the same
 * database and the first command on each account timed, as after a deployment.
 *
 * <p>A tool, not a test: run it with the test classpath (see docs/DECISIONS.md, "Loading a long
 * account"). {@code -Dmeasure.database.url=jdbc:postgresql://…} (with {@code .username} and
 * {@code .password}) measures on that database, in a schema of its own that it drops first;
 * otherwise on a new database on the test JVM's shared PostgreSQL server. Kafka publishing runs
 * against the in-process test broker but its processor is stopped once the service is up, so that
 * publishing the appended events does not compete with the loads for the CPU.
 */
public final class AccountLoadMeasurement {

    private static final String SCHEMA = "account_load_measurement";
    private static final int APPEND_BATCH = 5_000;
    private static final int LOADS = 20;

    private final Map<String, String> properties;
    private final String database;
    private ConfigurableApplicationContext context;
    private CommandGateway commands;
    private EventStore eventStore;
    private Cache cache;
    private JdbcTemplate jdbc;
    private int snapshotEventsMax;
    private final List<String> report = new ArrayList<>();

    private AccountLoadMeasurement(Map<String, String> properties, String database) {
        this.properties = properties;
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0
                ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{1_000, 100_000, 1_000_000};
        if (Arrays.stream(sizes).anyMatch(size -> size < 2)) {
            throw new IllegalArgumentException("an account needs at least 2 events to have a snapshot");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("ledger.kafka.bootstrap-servers", SharedTestBroker.get().bootstrapServers());
        properties.put("ledger.kafka.username", SharedTestBroker.ledgerServiceLogin().username());
        properties.put("ledger.kafka.password", SharedTestBroker.ledgerServiceLogin().password());
        properties.put("ledger.events.chain-key", dev.microledger.ledger.TestKeys.EVENT_CHAIN_KEY);
        properties.put("ledger.kafka.topic", "ledger.events.load-measurement-" + UUID.randomUUID());
        String url = System.getProperty("measure.database.url", "");
        String username = System.getProperty("measure.database.username", "");
        String password = System.getProperty("measure.database.password", "");
        if (url.isBlank()) {
            PostgresDatabase fresh = SharedTestPostgres.freshDatabase("account_load");
            url = fresh.url();
            username = fresh.username();
            password = fresh.password();
        } else {
            // A database of the operator's: the measurement's tables go to a schema of their own.
            try (Connection connection = DriverManager.getConnection(url, username, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
            url = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
            properties.put("spring.flyway.default-schema", SCHEMA);
        }
        String database;
        try (Connection connection = DriverManager.getConnection(url, username, password)) {
            database = "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion();
        }
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        int status = 1;
        try {
            new AccountLoadMeasurement(properties, database).run(sizes);
            status = 0;
        } catch (RuntimeException failure) {
            failure.printStackTrace();
        } finally {
            // The service's own threads would keep the JVM running after a failure too.
            System.exit(status);
        }
    }

    private void run(int[] sizes) {
        start();
        List<Subject> subjects = new ArrayList<>();
        for (int size : sizes) {
            String accountId = "merchant-" + size;
            subjects.add(new Subject(accountId, size, build(accountId, size)));
        }
        time(subjects, "latest snapshot behind the last event");

        // A restart empties the cache and leaves the code cold, as after a deployment. The process's
        // first command goes to an account of one event, so that what any first command costs is
        // not counted against the long accounts.
        String first = "first-command";
        commands.sendAndWait(new OpenAccountCommand(first, "USD", AccountKind.USER, 0, "{}"));
        context.close();
        start();
        long firstStarted = System.nanoTime();
        check(commands.sendAndWait(new ReadAccountCommand(first)), 1, 0);
        report.add(String.format("after a restart: the process's first command, on an account of 1 event: %.1f ms",
                (System.nanoTime() - firstStarted) / 1e6));
        for (int i = subjects.size() - 1; i >= 0; i--) {
            Subject subject = subjects.get(i);
            long started = System.nanoTime();
            AccountView view = commands.sendAndWait(new ReadAccountCommand(subject.accountId()));
            double millis = (System.nanoTime() - started) / 1e6;
            check(view, subject.events(), subject.balanceMinor());
            report.add(String.format("after a restart: first command on the account of %,d events (%,d after "
                            + "its snapshot): %.1f ms", subject.events(), subject.events() - 1
                            - latestSnapshot(subject.accountId()), millis));
        }

        for (Subject subject : subjects) {
            snapshotAt(subject.accountId(), subject.events() - 1L);
        }
        time(subjects, "snapshot at the last event");
        context.close();
        System.out.println();
        System.out.println("Database: " + database + "; " + Runtime.getRuntime().availableProcessors()
                + " cores; snapshot every " + snapshotEventsMax + " events; " + LOADS
                + " loads each, cache emptied before every one");
        report.forEach(System.out::println);
    }

    /** An account with its number of events and the balance they add up to. */
    private record Subject(String accountId, int events, long balanceMinor) {
    }

    private void start() {
        // As command-line arguments, the settings win over application.yml and the environment.
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new);
        context = new SpringApplicationBuilder(LedgerServiceApplication.class).run(arguments);
        context.getBean(EventProcessingConfiguration.class).eventProcessors().values()
                .forEach(EventProcessor::shutDown);
        commands = context.getBean(CommandGateway.class);
        eventStore = context.getBean(EventStore.class);
        cache = context.getBean("accountCache", Cache.class);
        jdbc = context.getBean(JdbcTemplate.class);
        snapshotEventsMax = context.getBean(AccountLoadingProperties.class).snapshotEventsMax();
    }

    /**
     * Opens {@code accountId} and appends payments to it until it holds {@code size} events; the
     * snapshotter takes a snapshot when the first part is loaded, so that the last 998 events come
     * after the latest snapshot. Returns the balance the events add up to.
     */
    private long build(String accountId, int size) {
        long started = System.nanoTime();
        commands.sendAndWait(new OpenAccountCommand(accountId, "USD", AccountKind.MERCHANT, 0, "{}"));
        String aggregateType = eventStore.readEvents(accountId).next().getType();
        // The trigger counts the snapshot as one of the events it loads, so a load finds at most
        // snapshotEventsMax - 2 events after the latest snapshot; and Axon stores a snapshot only
        // when it stands for more than one event, so at sequence 1 at least.
        long afterSnapshot = Math.min(size - 2L, snapshotEventsMax - 2L);
        long balance = append(accountId, aggregateType, 1, size - afterSnapshot, 0);
        double appendSeconds = (System.nanoTime() - started) / 1e9;

        // The first load replays the whole stream; its snapshot trigger fires on the way, and the
        // snapshotter takes a snapshot when the unit of work ends, as it would in production.
        cache.removeAll();
        long replayStarted = System.nanoTime();
        AccountView replayed = commands.sendAndWait(new ReadAccountCommand(accountId));
        double replaySeconds = (System.nanoTime() - replayStarted) / 1e9;
        check(replayed, size - afterSnapshot, balance);
        Long snapshot = latestSnapshot(accountId);
        String how = "by the trigger";
        if (snapshot == null || snapshot != size - afterSnapshot - 1) {
            // Too few events for the trigger to fire: take it as the trigger would have later on.
            snapshotAt(accountId, size - afterSnapshot - 1);
            how = "explicitly (" + (snapshot == null ? "the trigger took none" : "the trigger took one at " + snapshot) + ")";
        }

        long appendStarted = System.nanoTime();
        balance = append(accountId, aggregateType, size - afterSnapshot, size, balance);
        appendSeconds += (System.nanoTime() - appendStarted) / 1e9;
        report.add(String.format("account of %,d events: appended in %.1f s (%,.0f events/s); first load "
                        + "replaying %,d events and snapshotting %.1f s; snapshot %s", size, appendSeconds,
                size / appendSeconds, size - afterSnapshot, replaySeconds, how));
        return balance;
    }

    /** Appends payments received with sequence numbers {@code from} to {@code to} (exclusive). */
    private long append(String accountId, String aggregateType, long from, long to, long balance) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<DomainEventMessage<?>> batch = new ArrayList<>(APPEND_BATCH);
        for (long sequence = from; sequence < to; sequence++) {
            long amount = 1_000 + (sequence % 97) * 250;
            balance += amount;
            Instant at = start.plusMillis(sequence * 30);
            AccountCreditedEvent event = new AccountCreditedEvent(accountId, accountId + "-t" + sequence,
                    "payer-" + (sequence % 10_000), amount, "USD", "news", null, balance, at, EntryKind.PAYMENT,
                    null);
            batch.add(new GenericDomainEventMessage<>(aggregateType, accountId, sequence, event, Map.of(),
                    UUID.randomUUID().toString(), at));
            if (batch.size() == APPEND_BATCH || sequence == to - 1) {
                eventStore.publish(batch);
                batch = new ArrayList<>(APPEND_BATCH);
            }
        }
        return balance;
    }

    private void snapshotAt(String accountId, long sequence) {
        context.getBean(Snapshotter.class).scheduleSnapshot(Account.class, accountId);
        Long snapshot = latestSnapshot(accountId);
        if (snapshot == null || snapshot != sequence) {
            throw new IllegalStateException("expected a snapshot of " + accountId + " at " + sequence + ", found " + snapshot);
        }
    }

    /**
     * Times {@link #LOADS} cold loads of every account, in rounds that take each account in turn,
     * so that the code warming up and the collector favour none of them.
     */
    private void time(List<Subject> subjects, String situation) {
        int count = subjects.size();
        long[] snapshots = new long[count];
        double[][] commandMillis = new double[count][LOADS];
        double[][] readMillis = new double[count][LOADS];
        double[] collectingMillis = new double[count];
        long[] eventsRead = new long[count];
        for (int s = 0; s < count; s++) {
            snapshots[s] = latestSnapshot(subjects.get(s).accountId());
        }
        for (int round = 0; round < LOADS; round++) {
            for (int s = 0; s < count; s++) {
                Subject subject = subjects.get(s);
                cache.removeAll();
                long collecting = collectionMillis();
                long started = System.nanoTime();
                AccountView view = commands.sendAndWait(new ReadAccountCommand(subject.accountId()));
                commandMillis[s][round] = (System.nanoTime() - started) / 1e6;
                collectingMillis[s] += collectionMillis() - collecting;
                check(view, subject.events(), subject.balanceMinor());

                // What of that is the event store: reading the snapshot and the events after it
                // (their payloads are deserialized later, when the aggregate applies them).
                started = System.nanoTime();
                DomainEventStream stream = eventStore.readEvents(subject.accountId());
                long read = 0;
                while (stream.hasNext()) {
                    stream.next();
                    read++;
                }
                readMillis[s][round] = (System.nanoTime() - started) / 1e6;
                eventsRead[s] = read - 1;
            }
        }
        for (int s = 0; s < count; s++) {
            Subject subject = subjects.get(s);
            Long after = latestSnapshot(subject.accountId());
            if (after == null || after != snapshots[s]) {
                throw new IllegalStateException("the loads moved the snapshot of " + subject.accountId() + " from "
                        + snapshots[s] + " to " + after);
            }
            report.add(String.format("account of %,d events, %s (%,d events read after it): ReadAccountCommand "
                            + "min %.1f / p50 %.1f / max %.1f ms; event store read alone min %.1f / p50 %.1f / max "
                            + "%.1f ms; garbage collection during the loads %.0f ms",
                    subject.events(), situation, eventsRead[s], min(commandMillis[s]), median(commandMillis[s]),
                    max(commandMillis[s]), min(readMillis[s]), median(readMillis[s]), max(readMillis[s]),
                    collectingMillis[s]));
            System.out.println(report.get(report.size() - 1) + "; all: " + Arrays.toString(round(commandMillis[s])));
        }
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private Long latestSnapshot(String accountId) {
        return jdbc.queryForObject("SELECT MAX(sequenceNumber) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?",
                Long.class, accountId);
    }

    private static void check(AccountView view, long events, long expectedBalance) {
        if (view.version() != events - 1 || view.balanceMinor() != expectedBalance) {
            throw new IllegalStateException("account " + view.accountId() + " loaded at version " + view.version()
                    + " with balance " + view.balanceMinor() + "; expected version " + (events - 1)
                    + " and balance " + expectedBalance);
        }
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String[] round(double[] values) {
        return Arrays.stream(values).mapToObj(value -> String.format("%.1f", value)).toArray(String[]::new);
    }
}
