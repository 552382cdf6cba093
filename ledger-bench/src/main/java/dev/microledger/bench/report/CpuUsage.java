package dev.microledger.bench.report;

import java.util.Map;

/**
 * CPU used during a measurement, from /proc. Null fields mean "could not be read here".
 *
 * @param machineBusyPercent  share of all cores' time not idle and not waiting for I/O, 0 to 100
 * @param iowaitPercent       share of all cores' time idle while waiting for I/O, 0 to 100
 * @param processCores        per process (ledger-service, query-service, kafka, bench): cores used on
 *                            average, 1.0 being one core fully busy
 */
public record CpuUsage(Double machineBusyPercent, Double iowaitPercent, Map<String, Double> processCores) {

    public CpuUsage {
        processCores = processCores == null ? Map.of() : Map.copyOf(processCores);
    }

    public static CpuUsage unavailable() {
        return new CpuUsage(null, null, Map.of());
    }
}
