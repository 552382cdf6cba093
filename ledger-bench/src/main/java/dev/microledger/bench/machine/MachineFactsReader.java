package dev.microledger.bench.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.microledger.bench.report.MachineFacts;

/** Reads the facts about this machine that a benchmark result is meaningless without. */
public final class MachineFactsReader {

    private static final long BYTES_PER_KIBIBYTE = 1024;

    private MachineFactsReader() {
    }

    public static MachineFacts read() {
        return new MachineFacts(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                memoryBytes(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAverage());
    }

    private static String loadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] fields = lines.get(0).trim().split("\\s+");
        return fields.length < 3 ? "unknown" : fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? "unknown" : line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }

    private static long memoryBytes() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.split("\\s+");
                try {
                    return Long.parseLong(fields[1]) * BYTES_PER_KIBIBYTE;
                } catch (RuntimeException exception) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException exception) {
            return List.of();
        }
    }
}
