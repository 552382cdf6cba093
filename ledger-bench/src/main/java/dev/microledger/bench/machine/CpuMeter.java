package dev.microledger.bench.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.microledger.bench.report.CpuUsage;

/**
 * Reads CPU time from /proc: the machine's in /proc/stat and each watched process's in
 * /proc/PID/stat. Two snapshots give the average use between them exactly, which sampling
 * every second and averaging would only approximate. Where /proc is missing (not Linux), every
 * figure is reported as unavailable.
 */
public final class CpuMeter {

    /** Clock ticks per second for /proc times; 100 on every Linux this runs on unless getconf says otherwise. */
    private static final long DEFAULT_TICKS_PER_SECOND = 100;
    private static final long GETCONF_TIMEOUT_SECONDS = 5;

    private final Map<String, Long> pids;
    private final Set<String> trees;
    private final long ticksPerSecond;

    /**
     * @param pids the processes to watch, by the name they are reported under
     */
    public CpuMeter(Map<String, Long> pids) {
        this(pids, Set.of());
    }

    /**
     * @param pids the processes to watch, by the name they are reported under
     * @param trees the names among them whose whole process tree counts: the process, its live
     *     descendants and the children it has waited for, such as a database server and its backends
     */
    public CpuMeter(Map<String, Long> pids, Set<String> trees) {
        this(pids, trees, ticksPerSecond());
    }

    CpuMeter(Map<String, Long> pids, long ticksPerSecond) {
        this(pids, Set.of(), ticksPerSecond);
    }

    CpuMeter(Map<String, Long> pids, Set<String> trees, long ticksPerSecond) {
        this.pids = new LinkedHashMap<>(pids);
        this.trees = Set.copyOf(trees);
        this.ticksPerSecond = ticksPerSecond;
    }

    /** A point in time to measure from or to. */
    public Snapshot snapshot() {
        Map<String, Long> processTicks = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            long ticks = trees.contains(process.getKey()) ? treeTicks(process.getValue()) : processTicks(process.getValue());
            if (ticks >= 0) {
                processTicks.put(process.getKey(), ticks);
            }
        }
        return new Snapshot(System.nanoTime(), machineTicks(), processTicks);
    }

    /** The average CPU use between two snapshots. */
    public CpuUsage between(Snapshot from, Snapshot to) {
        double elapsedSeconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        if (elapsedSeconds <= 0) {
            return CpuUsage.unavailable();
        }
        Double busyPercent = null;
        Double iowaitPercent = null;
        if (from.machine() != null && to.machine() != null) {
            long total = to.machine().total() - from.machine().total();
            if (total > 0) {
                long idle = to.machine().idle() - from.machine().idle();
                long iowait = to.machine().iowait() - from.machine().iowait();
                busyPercent = 100.0 * (total - idle - iowait) / total;
                iowaitPercent = 100.0 * iowait / total;
            }
        }
        Map<String, Double> cores = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : to.processTicks().entrySet()) {
            Long before = from.processTicks().get(process.getKey());
            if (before != null) {
                cores.put(process.getKey(), (process.getValue() - before) / (double) ticksPerSecond / elapsedSeconds);
            }
        }
        return new CpuUsage(busyPercent, iowaitPercent, cores);
    }

    /**
     * The machine's CPU ticks from the first line of /proc/stat:
     * {@code cpu user nice system idle iowait irq softirq steal ...}.
     *
     * @return null when it cannot be read
     */
    static MachineTicks parseMachineTicks(String firstLine) {
        String[] fields = firstLine.trim().split("\\s+");
        if (fields.length < 8 || !fields[0].equals("cpu")) {
            return null;
        }
        long total = 0;
        // Guest time (fields 9 and 10) is already counted in user and nice.
        int countedFields = Math.min(fields.length, 9);
        for (int index = 1; index < countedFields; index++) {
            total += Long.parseLong(fields[index]);
        }
        return new MachineTicks(total, Long.parseLong(fields[4]), Long.parseLong(fields[5]));
    }

    /**
     * A process's user plus system ticks from /proc/PID/stat. The command name in field 2 may
     * hold spaces and parentheses, so the fields are counted from the last ')'.
     *
     * @return -1 when it cannot be read
     */
    static long parseProcessTicks(String stat) {
        return parseTicks(stat, false);
    }

    /**
     * The same plus the ticks of the children the process has waited for (cutime and cstime,
     * fields 16 and 17): a server's connections that ended since it started.
     *
     * @return -1 when it cannot be read
     */
    static long parseProcessAndWaitedChildrenTicks(String stat) {
        return parseTicks(stat, true);
    }

    private static long parseTicks(String stat, boolean withWaitedChildren) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return -1;
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // Field 3 (state) is fields[0]; utime is field 14, stime 15, cutime 16 and cstime 17.
        if (fields.length < 15) {
            return -1;
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withWaitedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    private static MachineTicks machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? null : parseMachineTicks(lines.get(0));
        } catch (IOException | RuntimeException exception) {
            return null;
        }
    }

    private static long processTicks(long pid) {
        return stat(pid, false);
    }

    /** A process tree's ticks: a connection's backend counts while it runs and, once it ended, in its parent's cutime. */
    private static long treeTicks(long pid) {
        long root = stat(pid, true);
        if (root < 0) {
            return -1;
        }
        long total = root;
        List<ProcessHandle> descendants = ProcessHandle.of(pid).map(handle -> handle.descendants().toList()).orElse(List.of());
        for (ProcessHandle descendant : descendants) {
            total += Math.max(0, stat(descendant.pid(), true));
        }
        return total;
    }

    private static long stat(long pid, boolean withWaitedChildren) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII),
                    withWaitedChildren);
        } catch (IOException | RuntimeException exception) {
            return -1;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (!getconf.waitFor(GETCONF_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                getconf.destroyForcibly();
                return DEFAULT_TICKS_PER_SECOND;
            }
            String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            long ticks = Long.parseLong(output);
            return ticks > 0 ? ticks : DEFAULT_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException exception) {
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return DEFAULT_TICKS_PER_SECOND;
        }
    }

    /** The machine's ticks: all, idle, and idle waiting for I/O. */
    record MachineTicks(long total, long idle, long iowait) {
    }

    /** CPU times at one moment. */
    public record Snapshot(long nanoTime, MachineTicks machine, Map<String, Long> processTicks) {
    }
}
