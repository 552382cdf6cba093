package dev.microledger.bench.report;

/**
 * The machine the numbers come from.
 *
 * @param cores       cores the JVM sees
 * @param cpuModel    from /proc/cpuinfo, or "unknown"
 * @param memoryBytes physical memory, or 0 when unknown
 * @param jvm         the JVM's name and version
 * @param os          the operating system's name, version and architecture
 * @param loadAverage the 1, 5 and 15 minute load averages when the run started, from /proc/loadavg, or
 *                    "unknown": anything well above zero means something else was running too
 */
public record MachineFacts(int cores, String cpuModel, long memoryBytes, String jvm, String os, String loadAverage) {
}
