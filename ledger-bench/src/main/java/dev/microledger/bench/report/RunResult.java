package dev.microledger.bench.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one run (a workload through an endpoint under one kind of load) measured. Counts are in
 * transfers, except {@code requests}; rates are per second of the measured window.
 *
 * @param workload            uniform, hot-payee or top-up
 * @param endpoint            single, batch100 or batch1000
 * @param load                how the load was made, for people: "closed loop, 64 clients"
 * @param offeredRatePerSecond the open loop's offered rate; null for a closed loop
 * @param measuredSeconds     the measured window
 * @param requests            HTTP requests answered within the window
 * @param accepted            transfers posted
 * @param rejected            transfers refused by a business rule (422, or REJECTED in a batch)
 * @param rejectedByCode      the rejections by their API code
 * @param overloaded          transfers answered 503 (the ledger's queue was full or its wait ran out)
 * @param errors              transfers lost to anything else: a transport failure or an unexpected status
 * @param errorSamples        the first few error messages, to tell what went wrong
 * @param sendsMissed         the open loop's sends that were due but could not go out because too many
 *                            requests were in flight; null for a closed loop
 * @param latency             command latency per request: for a closed loop from sending to the answer,
 *                            for the open loop from the intended send time to the answer
 * @param lag                 projection lag of sampled accepted transfers
 * @param cpu                 CPU use during the window
 * @param catchUpSeconds      how long query-service needed after the load stopped to show the last
 *                            transfers; null when it did not within the deadline
 */
public record RunResult(
        String workload,
        String endpoint,
        String load,
        Integer offeredRatePerSecond,
        double measuredSeconds,
        long requests,
        long accepted,
        long rejected,
        Map<String, Long> rejectedByCode,
        long overloaded,
        long errors,
        List<String> errorSamples,
        Long sendsMissed,
        LatencySummary latency,
        LagSummary lag,
        CpuUsage cpu,
        Double catchUpSeconds) {

    public RunResult {
        rejectedByCode = Map.copyOf(rejectedByCode);
        errorSamples = List.copyOf(errorSamples);
    }

    @JsonProperty("acceptedPerSecond")
    public double acceptedPerSecond() {
        return measuredSeconds <= 0 ? 0 : accepted / measuredSeconds;
    }

    @JsonProperty("rejectedPerSecond")
    public double rejectedPerSecond() {
        return measuredSeconds <= 0 ? 0 : rejected / measuredSeconds;
    }

    /**
     * The events accepted transfers append to the event store: a debit and a credit each, and where
     * the merchants have fee schedules (fees, mixed) the fee's debit and credit too. Mixed's holds
     * (one in ten) append one event when placed and one when they expire, so there it is a little high.
     */
    @JsonProperty("eventRowsPerSecond")
    public double eventRowsPerSecond() {
        return acceptedPerSecond() * eventsPerTransfer(workload);
    }

    static int eventsPerTransfer(String workload) {
        return "fees".equals(workload) || "mixed".equals(workload) ? 4 : 2;
    }

    @JsonIgnore
    public boolean isOpenLoop() {
        return offeredRatePerSecond != null;
    }
}
