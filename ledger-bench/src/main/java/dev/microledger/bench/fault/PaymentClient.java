package dev.microledger.bench.fault;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One load client: sends payments one request at a time, three in four through
 * {@code POST /transfers} and the rest as a batch of 2 to 20 through {@code POST /transfers/batch}
 * (one batch in four atomic), with a pause after each answer, and sends the very same request again,
 * same ids and fields, until
 * the ledger gives a definite answer: acknowledged, or refused with a code. A request without an
 * answer may or may not have been committed; only the retry tells, and a committed one must then
 * answer as it did the first time, never post twice.
 */
final class PaymentClient implements Runnable {

    /** Longer than ledger-service's own wait for a group commit (30 s), so a slow answer is not mistaken for none. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    private static final int BATCH_SIZE_MIN = 2;
    private static final int BATCH_SIZE_MAX = 20;
    private static final long AMOUNT_MIN_MINOR = 100;
    private static final long AMOUNT_MAX_MINOR = 1_000_000;
    private static final long RETRY_PAUSE_FIRST_MILLIS = 50;
    private static final long RETRY_PAUSE_MAX_MILLIS = 1_000;

    private final int index;
    private final FaultHttp http;
    private final URI ledgerUrl;
    private final TransferBook book;
    private final LoadCounters counters;
    private final List<String> payers;
    private final List<String> merchants;
    private final long seed;
    private final long thinkMillis;
    private final AtomicBoolean running;
    /** When a client still without an answer stops asking, once the load has been told to stop; Long.MAX_VALUE until then. */
    private final AtomicLong giveUpAtNanos;

    PaymentClient(int index, FaultHttp http, URI ledgerUrl, TransferBook book, LoadCounters counters, List<String> payers,
            List<String> merchants, long seed, long thinkMillis, AtomicBoolean running, AtomicLong giveUpAtNanos) {
        this.index = index;
        this.http = http;
        this.ledgerUrl = ledgerUrl;
        this.book = book;
        this.counters = counters;
        this.payers = List.copyOf(payers);
        this.merchants = List.copyOf(merchants);
        this.seed = seed;
        this.thinkMillis = thinkMillis;
        this.running = running;
        this.giveUpAtNanos = giveUpAtNanos;
    }

    @Override
    public void run() {
        SplittableRandom random = new SplittableRandom(seed);
        long sequence = 0;
        try {
            while (running.get()) {
                sequence++;
                String id = "c" + index + "-" + sequence;
                if (random.nextInt(4) == 0) {
                    int size = BATCH_SIZE_MIN + random.nextInt(BATCH_SIZE_MAX - BATCH_SIZE_MIN + 1);
                    List<TransferBook.Transfer> transfers = new ArrayList<>(size);
                    for (int item = 0; item < size; item++) {
                        transfers.add(nextTransfer(random, id + "-" + item));
                    }
                    sendBatch(transfers, random.nextInt(4) == 0);
                } else {
                    sendSingle(nextTransfer(random, id));
                }
                Thread.sleep(thinkMillis);
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private TransferBook.Transfer nextTransfer(SplittableRandom random, String transferId) {
        // One payment in ten from a payer kept near its floor: often enough to press on the floor all the time,
        // rarely enough that most of the load is acknowledged.
        String payer = random.nextInt(10) == 0
                ? payers.get(random.nextInt(LedgerSetUp.NEAR_FLOOR_PAYERS))
                : payers.get(LedgerSetUp.NEAR_FLOOR_PAYERS + random.nextInt(payers.size() - LedgerSetUp.NEAR_FLOOR_PAYERS));
        String payee;
        if (random.nextInt(10) == 0) {
            // One payment in ten goes to another payer, so that the payers kept near their floor get money back.
            payee = payers.get(random.nextInt(payers.size()));
            if (payee.equals(payer)) {
                payee = merchants.get(0);
            }
        } else {
            payee = merchants.get(random.nextInt(merchants.size()));
        }
        long amount = AMOUNT_MIN_MINOR + random.nextLong(AMOUNT_MAX_MINOR - AMOUNT_MIN_MINOR + 1);
        return new TransferBook.Transfer(transferId, payer, payee, amount);
    }

    private void sendSingle(TransferBook.Transfer transfer) throws InterruptedException {
        counters.singleRequests.increment();
        String body = transfer.json();
        long pauseMillis = RETRY_PAUSE_FIRST_MILLIS;
        for (int attempt = 1; ; attempt++) {
            FaultHttp.Reply reply = http.post(ledgerUrl, "/transfers", body, REQUEST_TIMEOUT);
            counters.answer(reply);
            if (attempt > 1) {
                counters.retries.increment();
            }
            int status = reply.status();
            if (status == 200 || status == 201) {
                book.posted(transfer, versions(reply.json()));
                counters.acknowledgedSingle.increment();
                if (attempt > 1) {
                    counters.acknowledgedAfterRetry.increment();
                }
                if (status == 200) {
                    counters.answeredAsAlreadyPosted.increment();
                }
                return;
            }
            if (isDefinite(status)) {
                book.rejected(transfer, reply.code());
                return;
            }
            if (givenUp()) {
                book.unresolved(transfer);
                return;
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(RETRY_PAUSE_MAX_MILLIS, pauseMillis * 2);
        }
    }

    private void sendBatch(List<TransferBook.Transfer> transfers, boolean atomic) throws InterruptedException {
        counters.batchRequests.increment();
        StringBuilder body = new StringBuilder("{\"atomic\":").append(atomic).append(",\"transfers\":[");
        for (int item = 0; item < transfers.size(); item++) {
            body.append(item == 0 ? "" : ",").append(transfers.get(item).json());
        }
        body.append("]}");
        long pauseMillis = RETRY_PAUSE_FIRST_MILLIS;
        for (int attempt = 1; ; attempt++) {
            FaultHttp.Reply reply = http.post(ledgerUrl, "/transfers/batch", body.toString(), REQUEST_TIMEOUT);
            counters.answer(reply);
            if (attempt > 1) {
                counters.retries.increment();
            }
            JsonNode results = reply.status() == 200 && reply.json() != null ? reply.json().path("results") : null;
            if (results != null && results.size() == transfers.size()) {
                recordBatch(transfers, results, attempt > 1);
                return;
            }
            if (isDefinite(reply.status())) {
                String code = reply.status() == 200 ? "batch_answer_unreadable" : reply.code();
                transfers.forEach(transfer -> book.rejected(transfer, code));
                return;
            }
            if (givenUp()) {
                transfers.forEach(book::unresolved);
                return;
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(RETRY_PAUSE_MAX_MILLIS, pauseMillis * 2);
        }
    }

    private void recordBatch(List<TransferBook.Transfer> transfers, JsonNode results, boolean retried) {
        for (int item = 0; item < transfers.size(); item++) {
            JsonNode result = results.get(item);
            TransferBook.Transfer transfer = transfers.get(item);
            String status = result.path("status").asText();
            if (!result.path("transferId").asText().equals(transfer.transferId())) {
                book.rejected(transfer, "batch_answer_out_of_order");
            } else if (status.equals("POSTED")) {
                book.posted(transfer, versions(result));
                counters.acknowledgedInBatches.increment();
                if (retried) {
                    counters.acknowledgedAfterRetry.increment();
                }
            } else {
                book.rejected(transfer, result.path("code").asText("batch_" + status.toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    /**
     * A 2xx, or a 4xx that says the request itself was refused: asking again would get the same.
     * No answer, a 5xx, 401 and 403 (a service that has not yet learnt its keys after a start)
     * and 429 are asked again; none of them changed anything, or the retry finds out that it did.
     */
    static boolean isDefinite(int status) {
        return status >= 200 && status < 300
                || status == 400 || status == 404 || status == 409 || status == 422;
    }

    private boolean givenUp() {
        return !running.get() && System.nanoTime() - giveUpAtNanos.get() > 0;
    }

    static Map<String, Long> versions(JsonNode answer) {
        Map<String, Long> versions = new HashMap<>();
        if (answer == null) {
            return versions;
        }
        answer.path("versions").fields().forEachRemaining(entry -> versions.put(entry.getKey(), entry.getValue().asLong()));
        return versions;
    }
}
