package dev.microledger.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.bench.machine.CpuMeter;
import dev.microledger.bench.report.CpuUsage;
import dev.microledger.bench.report.LagSummary;
import dev.microledger.bench.report.LatencySummary;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts what became of the transfers of one run and records each request's latency. Only what
 * is answered inside the measured window counts; the warm-up's answers are read (the lag probe
 * and the catch-up need them) but not counted. Thread-safe: every client thread records here.
 */
final class LoadRecorder {

    static final long LATENCY_MICROS_MAX = TimeUnit.MINUTES.toMicros(2);
    /** Slots for the last acknowledged transfer of each client, to wait for the projection after the run. */
    static final int ACK_SLOTS = 64;

    private static final int CODES_MAX = 32;
    private static final int ERROR_SAMPLES_MAX = 3;
    private static final int ERROR_TEXT_LENGTH_MAX = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LagProbe lagProbe;
    private final CpuMeter cpuMeter;
    private final Recorder latencyMicros = new Recorder(LATENCY_MICROS_MAX, 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private final AtomicReferenceArray<Ack> lastAcks = new AtomicReferenceArray<>(ACK_SLOTS);

    private volatile boolean measuring;
    private long windowStartNanos;
    private long windowEndNanos;
    private CpuMeter.Snapshot cpuStart;
    private CpuUsage cpuUsage = CpuUsage.unavailable();
    private Histogram latencyWindow = new Histogram(LATENCY_MICROS_MAX, 3);

    LoadRecorder(LagProbe lagProbe, CpuMeter cpuMeter) {
        this.lagProbe = lagProbe;
        this.cpuMeter = cpuMeter;
    }

    /** Starts the measured window: from now on answers count. */
    synchronized void begin() {
        cpuStart = cpuMeter.snapshot();
        latencyMicros.reset();
        windowStartNanos = System.nanoTime();
        measuring = true;
    }

    /** Ends the measured window: answers after this do not count. */
    synchronized void end() {
        measuring = false;
        windowEndNanos = System.nanoTime();
        latencyWindow = latencyMicros.getIntervalHistogram();
        cpuUsage = cpuMeter.between(cpuStart, cpuMeter.snapshot());
    }

    boolean measuring() {
        return measuring;
    }

    /**
     * Reads one answer of the ledger.
     *
     * @param slot         the client's slot, for the catch-up after the run
     * @param transfers    the transfers the request carried, in order
     * @param batch        whether it went to the batch endpoint
     * @param answer       what came back
     * @param latencyNanos from sending (or, in the open loop, from when the send was due) to the answer
     */
    void answered(int slot, List<TransferFactory.Transfer> transfers, boolean batch, LedgerClient.Answer answer,
            long latencyNanos) {
        long answeredNanos = System.nanoTime();
        boolean counted = measuring;
        if (counted) {
            requests.increment();
            latencyMicros.recordValue(Math.min(LATENCY_MICROS_MAX, Math.max(0, latencyNanos / 1000)));
        }
        int status = answer.status();
        if (status == 503) {
            add(counted, overloaded, transfers.size());
            return;
        }
        try {
            if (batch && status == 200) {
                readBatch(slot, transfers, JSON.readTree(answer.body()), counted, answeredNanos);
            } else if (!batch && (status == 201 || status == 200)) {
                TransferFactory.Transfer transfer = transfers.get(0);
                long version = JSON.readTree(answer.body()).path("versions").path(transfer.creditAccountId()).asLong(-1);
                acknowledged(slot, 1, transfer.creditAccountId(), version, counted, answeredNanos);
            } else if (!batch && status == 422) {
                reject(counted, JSON.readTree(answer.body()).path("code").asText("unknown"));
            } else {
                failed(counted, transfers.size(), "HTTP " + status + ": " + answer.body());
            }
        } catch (IOException | RuntimeException exception) {
            failed(counted, transfers.size(), "unreadable answer, HTTP " + status + ": " + exception.getMessage());
        }
    }

    /** Counts transfers whose request got no answer at all. */
    void failed(int transferCount, Exception exception) {
        failed(measuring, transferCount, exception.getClass().getSimpleName() + ": " + exception.getMessage());
    }

    /** The last acknowledged transfer of each client slot, newest version per account. */
    Map<String, Long> lastAcknowledged() {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int slot = 0; slot < ACK_SLOTS; slot++) {
            Ack ack = lastAcks.get(slot);
            if (ack != null) {
                versions.merge(ack.accountId(), ack.version(), Math::max);
            }
        }
        return versions;
    }

    double measuredSeconds() {
        return (windowEndNanos - windowStartNanos) / 1e9;
    }

    long requests() {
        return requests.sum();
    }

    long accepted() {
        return accepted.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    Map<String, Long> rejectedByCode() {
        Map<String, Long> codes = new LinkedHashMap<>();
        rejectedByCode.forEach((code, count) -> codes.put(code, count.sum()));
        return codes;
    }

    long overloaded() {
        return overloaded.sum();
    }

    long errors() {
        return errors.sum();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return new ArrayList<>(errorSamples);
        }
    }

    LatencySummary latency() {
        return LatencySummary.of(latencyWindow);
    }

    CpuUsage cpu() {
        return cpuUsage;
    }

    LagSummary lag(Histogram lagMicros) {
        return LagSummary.of(lagMicros, lagProbe.timeouts(), lagProbe.skipped());
    }

    private void readBatch(int slot, List<TransferFactory.Transfer> transfers, JsonNode body, boolean counted, long answeredNanos) {
        JsonNode results = body.path("results");
        if (!results.isArray() || results.size() != transfers.size()) {
            failed(counted, transfers.size(), "batch answer with " + results.size() + " results for " + transfers.size() + " transfers");
            return;
        }
        int acceptedCount = 0;
        String lastCreditAccountId = null;
        long lastVersion = -1;
        for (int index = 0; index < transfers.size(); index++) {
            JsonNode result = results.get(index);
            String status = result.path("status").asText();
            if (status.equals("POSTED") || status.equals("PENDING")) {
                acceptedCount++;
                lastCreditAccountId = transfers.get(index).creditAccountId();
                lastVersion = result.path("versions").path(lastCreditAccountId).asLong(-1);
            } else if (status.equals("REJECTED")) {
                reject(counted, result.path("code").asText("unknown"));
            } else {
                failed(counted, 1, "batch result with status '" + status + "'");
            }
        }
        if (acceptedCount > 0) {
            acknowledged(slot, acceptedCount, lastCreditAccountId, lastVersion, counted, answeredNanos);
        }
    }

    private void acknowledged(int slot, int count, String creditAccountId, long version, boolean counted, long answeredNanos) {
        if (version >= 0) {
            lastAcks.set(slot % ACK_SLOTS, new Ack(creditAccountId, version));
        }
        if (!counted) {
            return;
        }
        accepted.add(count);
        if (version >= 0) {
            lagProbe.onAccepted(count, creditAccountId, version, answeredNanos);
        }
    }

    private void reject(boolean counted, String code) {
        if (!counted) {
            return;
        }
        rejected.increment();
        String key = rejectedByCode.size() < CODES_MAX || rejectedByCode.containsKey(code) ? code : "other";
        rejectedByCode.computeIfAbsent(key, ignored -> new LongAdder()).increment();
    }

    private void failed(boolean counted, int transferCount, String message) {
        if (!counted) {
            return;
        }
        errors.add(transferCount);
        synchronized (errorSamples) {
            if (errorSamples.size() < ERROR_SAMPLES_MAX) {
                String text = message == null ? "" : message.replaceAll("\\s+", " ");
                errorSamples.add(text.length() > ERROR_TEXT_LENGTH_MAX ? text.substring(0, ERROR_TEXT_LENGTH_MAX) + "…" : text);
            }
        }
    }

    private static void add(boolean counted, LongAdder counter, int amount) {
        if (counted) {
            counter.add(amount);
        }
    }

    /** A transfer the ledger acknowledged: its credit account at its new version. */
    record Ack(String accountId, long version) {
    }
}
