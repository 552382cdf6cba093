package dev.microledger.bench.scale;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.bench.load.LedgerClient;
import dev.microledger.bench.load.TransferFactory;
import dev.microledger.bench.report.ScaleResult;
import dev.microledger.bench.service.ServiceHttp;
import dev.microledger.bench.service.BenchKeys;
import dev.microledger.launcher.EmbeddedSystem;
import dev.microledger.postgres.PostgresDatabase;

/**
 * The scale workload. Opens the accounts one {@code PUT} each from many clients (the API has no
 * bulk open), funds the payers and posts the transfers through the batch endpoint, a thousand a
 * request, while ledger-service's heap is sampled; waits until query-service has projected the
 * last of them; then restarts ledger-service on the same data and times its first commands: one
 * between two ordinary payers, then on the hot merchant and on the funding account, which carry
 * the most events, with the account cache empty.
 */
public final class ScaleWorkload {

    static final int OPEN_CLIENTS = 32;
    static final int BATCH_SIZE = 1000;
    static final int ATTEMPTS_MAX = 5;
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    static final Duration RESTART_DEADLINE = Duration.ofSeconds(120);
    static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(30);
    static final int HOT_NEXT_COMMANDS = 5;
    /**
     * The load stops when the data directory's disk has less free space than this: PostgreSQL's
     * tables and write-ahead log and Kafka's log grow with every transfer, so a long run can fill a disk.
     */
    static final long DISK_FREE_MIN_BYTES = 10L * 1024 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RETRY_PAUSE_MILLIS = 200;
    private static final long RESTART_POLL_MILLIS = 20;
    private static final double MEBIBYTE = 1024.0 * 1024;
    private static final double GIBIBYTE = 1024.0 * 1024 * 1024;

    private final EmbeddedSystem system;
    private final boolean onEmbeddedDatabases;
    private final Path dataDirectory;
    private final LedgerClient client;
    private final ScaleAccounts accounts;
    private final ScaleTransfers transfers;
    private final long transferCount;
    private final int batchClients;
    private final PrintStream out;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong hotVersion = new AtomicLong(-1);
    private final AtomicLong fundingVersion = new AtomicLong(-1);

    /**
     * @param onEmbeddedDatabases whether the services keep their data in the system's embedded PostgreSQL,
     *                            whose databases are then sized after the load; not when they run on a
     *                            PostgreSQL server given by URL
     */
    public ScaleWorkload(EmbeddedSystem system, boolean onEmbeddedDatabases, ScaleAccounts accounts, long transferCount,
            int batchClients, PrintStream out) {
        this.system = system;
        this.onEmbeddedDatabases = onEmbeddedDatabases;
        this.dataDirectory = system.settings().dataDirectory();
        this.client = new LedgerClient(URI.create(system.ledgerUrl()), URI.create(system.queryUrl()),
                BenchKeys.forSystem(system));
        this.accounts = accounts;
        this.transfers = new ScaleTransfers(accounts);
        this.transferCount = transferCount;
        this.batchClients = batchClients;
        this.out = out;
    }

    /**
     * Runs everything. A phase that fails ends the workload; the result then says where, with
     * whatever was measured before.
     */
    public ScaleResult run() throws InterruptedException {
        Builder result = new Builder();
        ServiceHttp ledgerHttp = new ServiceHttp(URI.create(system.ledgerUrl()), BenchKeys.forSystem(system));
        HeapSampler heap = new HeapSampler(ledgerHttp);
        try {
            result.openSeconds = openAccounts(heap);
            result.fundingSeconds = fundPayers(heap);
            result.transferSeconds = postTransfers(heap);
            result.stats = heap.stop();
            result.projectionCaughtUpSeconds = awaitProjection();
            if (onEmbeddedDatabases) {
                result.ledgerDatabaseBytes = databaseBytes(system.ledgerDatabase());
                result.queryDatabaseBytes = databaseBytes(system.queryDatabase());
            }
            result.kafkaBytes = DataDirectory.sizeBytes(dataDirectory.resolve("kafka"));
            restart(result, ledgerHttp);
        } catch (RuntimeException exception) {
            result.failure = exception.getMessage();
            out.println("        FAILED: " + exception.getMessage());
        } finally {
            if (result.stats == null) {
                result.stats = heap.stop();
            }
        }
        return result.build();
    }

    private double openAccounts(HeapSampler heap) throws InterruptedException {
        long startNanos = System.nanoTime();
        open(accounts.fundingAccountId(), "SYSTEM");
        open(accounts.hotAccountId(), "MERCHANT");
        int payers = accounts.payerCount();
        AtomicLong done = new AtomicLong(2);
        runWorkers("accounts opened", OPEN_CLIENTS, accounts.accounts(), new WorkNumbers(payers), done, heap, work -> {
            for (long index = work.take(); index != WorkNumbers.NONE; index = work.take()) {
                open(accounts.payer((int) index), "USER");
                done.incrementAndGet();
            }
        });
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double fundPayers(HeapSampler heap) throws InterruptedException {
        long startNanos = System.nanoTime();
        int payers = accounts.payerCount();
        AtomicLong done = new AtomicLong();
        runWorkers("payers funded", batchClients, payers, new WorkNumbers(batchesOf(payers)), done, heap, work -> {
            for (long batch = work.take(); batch != WorkNumbers.NONE; batch = work.take()) {
                int from = (int) (batch * BATCH_SIZE);
                List<TransferFactory.Transfer> funding = transfers.funding(from, Math.min(payers, from + BATCH_SIZE));
                JsonNode results = postBatch(funding);
                requireAllPosted(results, funding.size(), "funding");
                raise(fundingVersion, results.get(results.size() - 1).path("versions").path(accounts.fundingAccountId()).asLong(-1));
                done.addAndGet(funding.size());
            }
        });
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double postTransfers(HeapSampler heap) throws InterruptedException {
        long startNanos = System.nanoTime();
        AtomicLong done = new AtomicLong();
        runWorkers("transfers", batchClients, transferCount, new WorkNumbers(batchesOf(transferCount)), done, heap, work -> {
            for (long batch = work.take(); batch != WorkNumbers.NONE; batch = work.take()) {
                long from = batch * BATCH_SIZE;
                List<TransferFactory.Transfer> batchTransfers = transfers.batch(from, Math.min(transferCount, from + BATCH_SIZE));
                JsonNode results = postBatch(batchTransfers);
                count(results, batchTransfers.size());
                done.addAndGet(batchTransfers.size());
            }
        });
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Until query-service shows the hot merchant at its last version, which the last batches raised. */
    private Double awaitProjection() throws InterruptedException {
        long version = hotVersion.get();
        out.printf(Locale.ROOT, "        waiting until query-service shows %s at version %,d%n", accounts.hotAccountId(), version);
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + CATCH_UP_DEADLINE.toNanos();
        while (System.nanoTime() - deadlineNanos < 0) {
            try {
                if (client.accountAtVersion(accounts.hotAccountId(), version).status() == 200) {
                    double seconds = (System.nanoTime() - startNanos) / 1e9;
                    out.printf(Locale.ROOT, "        query-service caught up %.1f s after the last transfer%n", seconds);
                    return seconds;
                }
            } catch (IOException exception) {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            }
        }
        out.println("        query-service did NOT catch up within " + CATCH_UP_DEADLINE.toMinutes() + " min");
        return null;
    }

    private void restart(Builder result, ServiceHttp ledgerHttp) throws InterruptedException {
        out.printf(Locale.ROOT, "        stopping ledger-service (SIGTERM) and starting it again on the same data%n");
        long stopNanos = System.nanoTime();
        system.restartLedgerService();
        long startNanos = System.nanoTime();
        result.stopSeconds = (startNanos - stopNanos) / 1e9;

        Timed first = firstCommandAfter(startNanos, transfer("r0", accounts.payer(0), accounts.payer(1)));
        result.restartToFirstCommandSeconds = (first.answeredNanos - startNanos) / 1e9;
        result.firstCommandMillis = first.millis;
        out.printf(Locale.ROOT, "        first command answered %.2f s after the process started (the command itself %.1f ms)%n",
                result.restartToFirstCommandSeconds, first.millis);

        result.hotFirstCommandMillis = timed(transfer("r1", accounts.payer(2), accounts.hotAccountId())).millis;
        for (int index = 0; index < HOT_NEXT_COMMANDS; index++) {
            result.hotNextCommandsMillis.add(timed(transfer("r" + (2 + index), accounts.payer(3 + index),
                    accounts.hotAccountId())).millis);
        }
        result.fundingFirstCommandMillis = timed(transfer("rf", accounts.fundingAccountId(), accounts.payer(0))).millis;
        out.printf(Locale.ROOT, "        first command on the hot merchant (%,d events) %.1f ms, then %s ms;"
                        + " on the funding account (%,d events) %.1f ms%n",
                hotVersion.get() + 1, result.hotFirstCommandMillis, result.hotNextCommandsMillis, fundingVersion.get() + 1,
                result.fundingFirstCommandMillis);
        // Give the publisher a moment to send those commands' events, then read how many it sent in all.
        Thread.sleep(2_000);
        result.eventsPublishedAfterRestart = ledgerHttp.meter("ledger.events.published", null, "COUNT");
        out.printf(Locale.ROOT, "        the restarted ledger-service published %s events%n",
                result.eventsPublishedAfterRestart == null ? "an unknown number of" : String.format(Locale.ROOT, "%,.0f",
                        result.eventsPublishedAfterRestart));
    }

    private String transfer(String tag, String debitAccountId, String creditAccountId) {
        return TransferFactory.body(List.of(new TransferFactory.Transfer(transfers.transferId(tag, 0), debitAccountId,
                creditAccountId, "0.0001")), false);
    }

    /** Sends the command until the new process answers it, connection refusals and 503s included. */
    private Timed firstCommandAfter(long startNanos, String body) throws InterruptedException {
        String last = "no answer";
        while (System.nanoTime() - startNanos < RESTART_DEADLINE.toNanos()) {
            long sentNanos = System.nanoTime();
            try {
                LedgerClient.Answer answer = client.postTransfers(false, body);
                long answeredNanos = System.nanoTime();
                if (answer.status() == 201 || answer.status() == 200) {
                    return new Timed(answeredNanos, (answeredNanos - sentNanos) / 1e6);
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
            } catch (IOException exception) {
                last = exception.toString();
            }
            Thread.sleep(RESTART_POLL_MILLIS);
        }
        throw new IllegalStateException("the restarted ledger-service answered no command within "
                + RESTART_DEADLINE.toSeconds() + " s; last: " + last);
    }

    private Timed timed(String body) throws InterruptedException {
        long sentNanos = System.nanoTime();
        LedgerClient.Answer answer;
        try {
            answer = client.postTransfers(false, body);
        } catch (IOException exception) {
            throw new IllegalStateException("a command after the restart failed: " + exception, exception);
        }
        long answeredNanos = System.nanoTime();
        if (answer.status() != 201) {
            throw new IllegalStateException("a command after the restart was answered HTTP " + answer.status() + ": " + answer.body());
        }
        return new Timed(answeredNanos, (answeredNanos - sentNanos) / 1e6);
    }

    private void open(String accountId, String kind) {
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            try {
                LedgerClient.Answer answer = client.openAccount(accountId, kind);
                if (answer.status() == 201 || answer.status() == 200) {
                    return;
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
                if (answer.status() != 503) {
                    break;
                }
            } catch (IOException exception) {
                last = exception.toString();
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening " + accountId, exception);
            }
            retries.incrementAndGet();
            pause(attempt);
        }
        throw new IllegalStateException("cannot open account " + accountId + ": " + last);
    }

    /** Posts one batch; a 503 or a lost connection sends the same batch again, which the ledger's registry makes harmless. */
    private JsonNode postBatch(List<TransferFactory.Transfer> batch) {
        String body = TransferFactory.body(batch, true);
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            try {
                LedgerClient.Answer answer = client.postTransfers(true, body);
                if (answer.status() == 200) {
                    JsonNode results = JSON.readTree(answer.body()).path("results");
                    if (results.size() != batch.size()) {
                        throw new IllegalStateException("a batch of " + batch.size() + " was answered with " + results.size() + " results");
                    }
                    return results;
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
                if (answer.status() != 503) {
                    break;
                }
            } catch (IOException exception) {
                last = exception.toString();
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while posting a batch", exception);
            }
            retries.incrementAndGet();
            pause(attempt);
        }
        throw new IllegalStateException("a batch starting with " + batch.get(0).transferId() + " failed: " + last);
    }

    private void count(JsonNode results, int size) {
        for (int index = 0; index < size; index++) {
            JsonNode result = results.get(index);
            if (result.path("status").asText().equals("POSTED")) {
                posted.incrementAndGet();
                raise(hotVersion, result.path("versions").path(accounts.hotAccountId()).asLong(-1));
            } else {
                rejected.incrementAndGet();
            }
        }
    }

    private static void requireAllPosted(JsonNode results, int size, String what) {
        for (int index = 0; index < size; index++) {
            if (!results.get(index).path("status").asText().equals("POSTED")) {
                throw new IllegalStateException(what + " transfer was not posted: " + results.get(index));
            }
        }
    }

    private static void raise(AtomicLong maximum, long value) {
        maximum.accumulateAndGet(value, Math::max);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code workers} copies of the body, which take their work from {@code work}, and prints
     * a progress line every few seconds until all are done; the first failure ends the phase.
     */
    private void runWorkers(String what, int workers, long total, WorkNumbers work, AtomicLong done, HeapSampler heap,
                            Worker body) throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "bench-scale");
            thread.setDaemon(true);
            return thread;
        });
        long startNanos = System.nanoTime();
        try {
            for (int worker = 0; worker < workers; worker++) {
                pool.execute(() -> {
                    try {
                        body.run(work);
                    } catch (RuntimeException exception) {
                        failure.compareAndSet(null, exception);
                        work.stop();
                    } finally {
                        finished.countDown();
                    }
                });
            }
            long lastDone = 0;
            long lastNanos = startNanos;
            while (!finished.await(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                long doneNow = done.get();
                long freeBytes = DataDirectory.freeBytes(dataDirectory);
                out.println("        " + ProgressLine.format(what, doneNow, total, (now - startNanos) / 1e9, lastDone,
                        (now - lastNanos) / 1e9) + String.format(Locale.ROOT, "; ledger heap %,.0f MiB; data %.1f GiB, %.1f GiB free",
                        heap.lastUsedBytes() / MEBIBYTE, DataDirectory.sizeBytes(dataDirectory) / GIBIBYTE, freeBytes / GIBIBYTE));
                if (freeBytes < DISK_FREE_MIN_BYTES) {
                    failure.compareAndSet(null, new IllegalStateException(String.format(Locale.ROOT,
                            "stopped during '%s' at %,d of %,d: only %.1f GiB free on the data directory's disk, less than %.0f GiB",
                            what, doneNow, total, freeBytes / GIBIBYTE, DISK_FREE_MIN_BYTES / GIBIBYTE)));
                    work.stop();
                }
                lastDone = doneNow;
                lastNanos = now;
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "        %s: %,d in %s, %,.0f/s%n", what, done.get(), ProgressLine.duration(seconds),
                done.get() / Math.max(seconds, 1e-9));
    }

    /** A database's size on disk, or 0 with a line saying why when it cannot be read: the workload goes on. */
    private long databaseBytes(PostgresDatabase database) {
        try {
            return DatabaseSize.bytes(database);
        } catch (SQLException exception) {
            out.println("        could not size " + database + ": " + exception.getMessage());
            return 0;
        }
    }

    /** Batches of {@link #BATCH_SIZE} that {@code items} fill, the last one possibly partly. */
    static long batchesOf(long items) {
        return (items + BATCH_SIZE - 1) / BATCH_SIZE;
    }

    @FunctionalInterface
    private interface Worker {
        void run(WorkNumbers work);
    }

    private record Timed(long answeredNanos, double millis) {
    }

    /** The result as it is filled in, phase by phase. */
    private final class Builder {
        double openSeconds;
        double fundingSeconds;
        double transferSeconds;
        HeapStats stats;
        Double projectionCaughtUpSeconds;
        double stopSeconds;
        Double restartToFirstCommandSeconds;
        Double firstCommandMillis;
        Double hotFirstCommandMillis;
        final List<Double> hotNextCommandsMillis = new ArrayList<>();
        Double fundingFirstCommandMillis;
        Double eventsPublishedAfterRestart;
        long ledgerDatabaseBytes;
        long queryDatabaseBytes;
        long kafkaBytes;
        String failure;

        ScaleResult build() {
            return new ScaleResult(accounts.accounts(), OPEN_CLIENTS, batchClients, transferCount, ScaleTransfers.hotCount(transferCount),
                    openSeconds, perSecond(accounts.accounts(), openSeconds),
                    fundingSeconds, perSecond(accounts.payerCount(), fundingSeconds),
                    transferSeconds, perSecond(posted.get() + rejected.get(), transferSeconds),
                    posted.get(), rejected.get(), retries.get(), projectionCaughtUpSeconds,
                    stats.samples(), stats.heapUsedMaxBytes(), stats.heapMaxBytes(), stats.liveDataMaxBytes(),
                    stats.gcPauseCount(), stats.gcPauseTotalSeconds(), stats.gcPauseMaxMillis(),
                    accounts.hotAccountId(), hotVersion.get() + 1, fundingVersion.get() + 1,
                    stopSeconds, restartToFirstCommandSeconds, firstCommandMillis, hotFirstCommandMillis,
                    hotNextCommandsMillis, fundingFirstCommandMillis, eventsPublishedAfterRestart, ledgerDatabaseBytes,
                    queryDatabaseBytes, kafkaBytes, null, null, null, failure);
        }

        private double perSecond(long count, double seconds) {
            return seconds > 0 ? count / seconds : 0;
        }
    }
}
