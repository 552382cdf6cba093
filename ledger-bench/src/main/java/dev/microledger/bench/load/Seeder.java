package dev.microledger.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Opens a workload's accounts and funds its payers before the first run. Accounts are opened one
 * request each (the API has no bulk open), from a few threads at once; the funding goes through
 * the batch endpoint, a thousand transfers a request.
 */
public final class Seeder {

    static final int OPEN_THREADS = 16;
    static final int FUNDING_BATCH_SIZE = 1000;
    /** Opening and funding 100,000 accounts takes minutes on a small machine; more means something is stuck. */
    static final long DEADLINE_SECONDS = 1800;
    /** A 503 while opening means the ledger is busy; this many tries per account, then the seeding fails. */
    static final int ATTEMPTS_MAX = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RETRY_PAUSE_MILLIS = 200;
    /**
     * The mixed workload's limits: a per-transfer limit its over-limit transfers exceed, and daily,
     * monthly and velocity limits that are checked on every payment but do not bind at the rates
     * one payer of ten thousand sees.
     */
    static final String MIXED_LIMITS = "{\"perTransfer\":\"" + TransferFactory.MIXED_PER_TRANSFER_LIMIT
            + "\",\"daily\":\"5000\",\"monthly\":\"100000\",\"perMinuteCount\":600,\"timezone\":\"Asia/Seoul\"}";
    static final String MIXED_BUDGET = "{\"monthly\":\"500\",\"alertThresholds\":[0.5,0.8,1.0]}";
    /** The fees workload's schedule, a card-like rate with a sub-cent fixed part; {@code %s} is the revenue account. */
    static final String FEE_SCHEDULE = "{\"rate\":\"0.029\",\"fixed\":\"0.0003\",\"maximum\":\"0.05\","
            + "\"revenueAccountId\":\"%s\"}";

    private final LedgerClient client;

    public Seeder(LedgerClient client) {
        this.client = client;
    }

    /**
     * Opens the funding SYSTEM account, the payers and the payees, and funds the payers when
     * they pay.
     *
     * @return a few dozen of the accounts seeded last, with their versions: once query-service shows
     *     these, it has caught up with the seeding
     * @throws IllegalStateException when an account cannot be opened or funded, with the ledger's answer
     */
    public Map<String, Long> seed(WorkloadAccounts accounts) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        Map<String, Long> lastVersions = new ConcurrentHashMap<>();
        lastVersions.put(accounts.fundingAccountId(), open(accounts.fundingAccountId(), "SYSTEM", deadlineNanos));
        List<String[]> toOpen = new ArrayList<>(accounts.payerCount() + accounts.payeeCount());
        for (int index = 0; index < accounts.payerCount(); index++) {
            toOpen.add(new String[] {accounts.payer(index), "USER"});
        }
        for (int index = 0; index < accounts.payeeCount(); index++) {
            toOpen.add(new String[] {accounts.payee(index), "MERCHANT"});
        }
        openAll(toOpen, deadlineNanos, lastVersions);
        if (accounts.workload() == Workload.MIXED) {
            setPolicies(accounts, deadlineNanos, lastVersions);
        }
        if (accounts.workload() == Workload.FEES || accounts.workload() == Workload.MIXED) {
            setFees(accounts, deadlineNanos, lastVersions);
        }
        if (accounts.payersNeedFunds()) {
            fund(accounts, deadlineNanos, lastVersions);
        }
        return Map.copyOf(lastVersions);
    }

    private void openAll(List<String[]> toOpen, long deadlineNanos, Map<String, Long> lastVersions) throws InterruptedException {
        int sampledFrom = Math.max(0, toOpen.size() - LoadRecorder.ACK_SLOTS + 1);
        inParallel(toOpen.size(), "opening " + toOpen.size() + " accounts", deadlineNanos, index -> {
            long version = open(toOpen.get(index)[0], toOpen.get(index)[1], deadlineNanos);
            if (index >= sampledFrom) {
                lastVersions.put(toOpen.get(index)[0], version);
            }
        });
    }

    /**
     * Gives every payer of the mixed workload its spending limits and a budget, so each of its
     * transfers goes through the ledger's whole policy check.
     */
    private void setPolicies(WorkloadAccounts accounts, long deadlineNanos, Map<String, Long> lastVersions)
            throws InterruptedException {
        int sampledFrom = Math.max(0, accounts.payerCount() - LoadRecorder.ACK_SLOTS + 1);
        inParallel(accounts.payerCount(), "setting the limits of " + accounts.payerCount() + " payers", deadlineNanos, index -> {
            String payer = accounts.payer(index);
            request(payer, "/limits", MIXED_LIMITS, deadlineNanos);
            long version = request(payer, "/budget", MIXED_BUDGET, deadlineNanos);
            if (index >= sampledFrom) {
                lastVersions.put(payer, version);
            }
        });
    }

    /** Opens the workload's revenue account and puts every merchant on the same fee schedule (fees, mixed). */
    private void setFees(WorkloadAccounts accounts, long deadlineNanos, Map<String, Long> lastVersions)
            throws InterruptedException {
        open(accounts.revenueAccountId(), "SYSTEM", deadlineNanos);
        String schedule = String.format(FEE_SCHEDULE, accounts.revenueAccountId());
        inParallel(accounts.payeeCount(), "setting the fees of " + accounts.payeeCount() + " merchants", deadlineNanos,
                index -> lastVersions.put(accounts.payee(index), request(accounts.payee(index), "/fees", schedule,
                        deadlineNanos)));
    }

    /** Runs {@code task} for indexes 0 to count - 1 on {@value #OPEN_THREADS} threads; the first failure ends it. */
    private static void inParallel(int count, String what, long deadlineNanos, IndexTask task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(OPEN_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "bench-seed");
            thread.setDaemon(true);
            return thread;
        });
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>(OPEN_THREADS);
            for (int worker = 0; worker < OPEN_THREADS; worker++) {
                workers.add(pool.submit(() -> {
                    for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                        task.run(index);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException exception) {
            Throwable cause = exception.getCause();
            throw cause instanceof IllegalStateException state ? state : new IllegalStateException(what + " failed", cause);
        } catch (TimeoutException exception) {
            throw new IllegalStateException(what + " took longer than " + DEADLINE_SECONDS + " s");
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexTask {
        void run(int index) throws InterruptedException;
    }

    /** {@code PUT /accounts/{id}{path}} with retries on 503; answers the account's version. */
    private long request(String accountId, String path, String body, long deadlineNanos) throws InterruptedException {
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS_MAX && System.nanoTime() - deadlineNanos < 0; attempt++) {
            try {
                LedgerClient.Answer answer = client.putAccountPolicy(accountId, path, body);
                if (answer.status() == 200) {
                    return JSON.readTree(answer.body()).path("version").asLong(0);
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
                if (answer.status() != 503) {
                    break;
                }
            } catch (IOException exception) {
                last = exception.toString();
            }
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
        }
        throw new IllegalStateException("cannot PUT " + path + " of " + accountId + " at " + client.ledgerUrl() + ": " + last);
    }

    /** Opens one account and answers its version. */
    private long open(String accountId, String kind, long deadlineNanos) throws InterruptedException {
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS_MAX && System.nanoTime() - deadlineNanos < 0; attempt++) {
            try {
                LedgerClient.Answer answer = client.openAccount(accountId, kind);
                if (answer.status() == 201 || answer.status() == 200) {
                    return JSON.readTree(answer.body()).path("version").asLong(0);
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
                if (answer.status() != 503) {
                    break;
                }
            } catch (IOException exception) {
                last = exception.toString();
            }
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
        }
        throw new IllegalStateException("cannot open account " + accountId + " at " + client.ledgerUrl() + ": " + last);
    }

    private void fund(WorkloadAccounts accounts, long deadlineNanos, Map<String, Long> lastVersions) throws InterruptedException {
        TransferFactory factory = new TransferFactory(accounts, "f");
        for (int from = 0; from < accounts.payerCount(); from += FUNDING_BATCH_SIZE) {
            int to = Math.min(accounts.payerCount(), from + FUNDING_BATCH_SIZE);
            List<TransferFactory.Transfer> funding = factory.funding(from, to);
            JsonNode results = fundBatch(TransferFactory.body(funding, true), funding.size(), deadlineNanos);
            // The funding raised each payer's version; the last ones funded are the ones to wait for.
            for (int index = Math.max(0, funding.size() - LoadRecorder.ACK_SLOTS + 1); index < funding.size(); index++) {
                String payer = funding.get(index).creditAccountId();
                lastVersions.put(payer, results.get(index).path("versions").path(payer).asLong(0));
            }
        }
    }

    private JsonNode fundBatch(String body, int size, long deadlineNanos) throws InterruptedException {
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS_MAX && System.nanoTime() - deadlineNanos < 0; attempt++) {
            try {
                LedgerClient.Answer answer = client.postTransfers(true, body);
                if (answer.status() == 200) {
                    JsonNode results = JSON.readTree(answer.body()).path("results");
                    requireAllPosted(results, size);
                    return results;
                }
                last = "HTTP " + answer.status() + ": " + answer.body();
                if (answer.status() != 503) {
                    break;
                }
            } catch (IOException exception) {
                last = exception.toString();
            }
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
        }
        throw new IllegalStateException("cannot fund the payers at " + client.ledgerUrl() + ": " + last);
    }

    private static void requireAllPosted(JsonNode results, int size) {
        if (results.size() != size) {
            throw new IllegalStateException("funding batch answered " + results.size() + " results for " + size + " transfers");
        }
        for (JsonNode result : results) {
            if (!result.path("status").asText().equals("POSTED")) {
                throw new IllegalStateException("funding transfer " + result.path("transferId").asText() + " was not posted: " + result);
            }
        }
    }
}
