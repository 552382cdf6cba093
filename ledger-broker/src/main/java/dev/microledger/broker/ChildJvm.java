package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops child JVMs that belong to this JVM: the Kafka broker and the services of
 * the embedded default.
 *
 * <p>A child belongs to its parent in two ways. It dies with the parent: the
 * {@link ParentWatchAgent} ends it when the parent is gone. And it ignores the terminal's
 * Ctrl-C (SIGINT) and hang-up (SIGHUP): the terminal sends those to the whole process group,
 * children included, but the parent must stop its children in order (the services before the
 * broker they publish to), so only the parent reacts and then stops each child with SIGTERM.
 * A JVM that starts with SIGINT ignored keeps it ignored, so the child is started through
 * {@code /bin/sh}, which sets the signals to ignored and then replaces itself with the JVM.
 */
public final class ChildJvm {

    private static final Path POSIX_SHELL = Path.of("/bin/sh");
    private static final String IGNORE_TERMINAL_SIGNALS_THEN_EXEC = "trap '' INT HUP; exec \"$@\"";
    private static final Duration FORCED_STOP_TIMEOUT = Duration.ofSeconds(10);

    private ChildJvm() {
    }

    /**
     * The command line of a child JVM of this JVM's own Java installation.
     *
     * @param agentJar a jar written by {@link ParentWatchAgent#writeAgentJar(Path)}
     * @param javaArguments JVM options, then the main class or {@code -jar} and the program's arguments
     * @return the full command line
     */
    public static List<String> command(Path agentJar, List<String> javaArguments) {
        return command(agentJar, 0, javaArguments);
    }

    /**
     * The command line of a child JVM that outlives its parent by a few seconds, so that its
     * siblings can still use it while they shut down (see {@link ParentWatchAgent}).
     *
     * @param agentJar a jar written by {@link ParentWatchAgent#writeAgentJar(Path)}
     * @param exitDelaySeconds how long the child keeps running after its parent died
     * @param javaArguments JVM options, then the main class or {@code -jar} and the program's arguments
     * @return the full command line
     */
    public static List<String> command(Path agentJar, long exitDelaySeconds, List<String> javaArguments) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(POSIX_SHELL)) {
            // "$@" after the script are the words that follow; "child-jvm" becomes $0, the shell's name.
            command.addAll(List.of(POSIX_SHELL.toString(), "-c", IGNORE_TERMINAL_SIGNALS_THEN_EXEC, "child-jvm"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(exitDelaySeconds == 0
                ? ParentWatchAgent.javaAgentOption(agentJar)
                : ParentWatchAgent.javaAgentOption(agentJar, exitDelaySeconds));
        command.addAll(javaArguments);
        return command;
    }

    /**
     * Starts a child whose standard output and error are appended to a log file and whose
     * standard input is a pipe that stays open as long as this JVM lives.
     *
     * @param command a command line from {@link #command(Path, List)}
     * @param workingDirectory the child's working directory
     * @param logFile the file the child's output is appended to
     * @return the running child
     */
    public static Process start(List<String> command, Path workingDirectory, Path logFile) {
        return start(command, workingDirectory, logFile, java.util.Map.of());
    }

    /**
     * The same, with variables added to the child's environment: the way to hand a child a
     * secret, which on its command line any user of the machine could read.
     *
     * @param environment variables to add, such as {@code MICRO_LEDGER_ADMIN_KEY}
     */
    public static Process start(List<String> command, Path workingDirectory, Path logFile,
            java.util.Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            return builder.start();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), exception);
        }
    }

    /**
     * Stops a child: SIGTERM so that it shuts down gracefully, then a kill when it takes too long.
     *
     * @param process the child
     * @param timeout how long the graceful shutdown may take
     * @return true when the child has exited, false when even the kill did not end it in time
     */
    public static boolean stop(Process process, Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (waitFor(process, timeout)) {
            return true;
        }
        process.destroyForcibly();
        return waitFor(process, FORCED_STOP_TIMEOUT);
    }

    /**
     * Waits for a child to exit.
     *
     * @param process the child
     * @param timeout how long to wait at most
     * @return true when it has exited
     */
    public static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * The last lines of a child's log, for the message of a failed start.
     *
     * @param logFile the child's log file
     * @param lineCountMax how many lines at most
     * @return the lines, or a note saying why there are none
     */
    public static String logTail(Path logFile, int lineCountMax) {
        return LogTail.lastLines(logFile, lineCountMax);
    }
}
