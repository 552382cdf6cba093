package dev.microledger.bench.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the load clients sent and got back, for the report; safe for many clients at once. */
final class LoadCounters {

    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder singleRequests = new LongAdder();
    final LongAdder batchRequests = new LongAdder();
    final LongAdder acknowledgedSingle = new LongAdder();
    final LongAdder acknowledgedInBatches = new LongAdder();
    /** Transfers acknowledged only by a retry, after an attempt without an answer or with a 5xx. */
    final LongAdder acknowledgedAfterRetry = new LongAdder();
    /**
     * Single transfers a retry answered 200 (as already posted): the ledger had committed an earlier
     * attempt whose answer never reached the client. Each one is the idempotency at work.
     */
    final LongAdder answeredAsAlreadyPosted = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> answers = new ConcurrentHashMap<>();

    /** Counts one answer by its status, and by its code for anything but a success. */
    void answer(FaultHttp.Reply reply) {
        requests.increment();
        String key;
        if (!reply.answered()) {
            key = "no answer";
        } else if (reply.status() == 200 || reply.status() == 201) {
            key = String.valueOf(reply.status());
        } else {
            key = reply.status() + " " + reply.code();
        }
        answers.computeIfAbsent(key, ignored -> new LongAdder()).increment();
    }

    /** @return every kind of answer and how often it came, sorted */
    Map<String, Long> answers() {
        Map<String, Long> sorted = new TreeMap<>();
        answers.forEach((key, count) -> sorted.put(key, count.sum()));
        return sorted;
    }
}
