package dev.microledger.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that ends its JVM when the parent process dies, even by {@code kill -9}.
 *
 * <p>The parent starts the child with a pipe on its standard input and never writes to it.
 * The operating system closes that pipe when the parent exits for any reason, so the child
 * reads end-of-file and exits through {@link System#exit}, which runs the child's own
 * shutdown hooks (Kafka's and Spring Boot's graceful shutdown). A shutdown that hangs is cut
 * short by {@link Runtime#halt} after {@link #SHUTDOWN_GRACE_SECONDS}.
 *
 * <p>The agent's argument, {@code -javaagent:parent-watch.jar=SECONDS}, delays that exit. The
 * broker uses it: when the parent dies, its siblings (the services) stop at the same moment,
 * and they need the broker for their own shutdown, to leave their consumer group and flush
 * their producers. A consumer whose leaving the broker never recorded stalls the group's next
 * rebalance after a restart until its session times out.
 *
 * <p>It is an agent rather than a wrapping main class so that it works for programs whose
 * main class we do not own, such as the Spring Boot fat jars. The agent jar holds this one
 * class and nothing else, because it is appended to the child's system class path. For the
 * same reason this class uses nothing but the JDK and declares no nested classes.
 */
public final class ParentWatchAgent {

    /** How long the child's shutdown hooks may run after the parent died. */
    static final long SHUTDOWN_GRACE_SECONDS = 30;

    /** The longest exit delay the argument may ask for. */
    static final long EXIT_DELAY_SECONDS_MAX = 60;

    private static final String CLASS_FILE = ParentWatchAgent.class.getSimpleName() + ".class";
    private static final String CLASS_ENTRY = ParentWatchAgent.class.getName().replace('.', '/') + ".class";

    /** Set once by {@link #premain(String)}, read by the watcher thread. */
    private static volatile long exitDelaySeconds;

    private ParentWatchAgent() {
    }

    /**
     * Called by the JVM before the child's main method because of {@code -javaagent:}.
     *
     * @param arguments how many seconds to wait after the parent died before exiting; none means 0
     */
    public static void premain(String arguments) {
        exitDelaySeconds = parseExitDelaySeconds(arguments);
        Thread watcher = new Thread(ParentWatchAgent::watchStandardInput, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Writes the agent jar, replacing an older copy atomically so that a JVM that has the old
     * file open keeps reading a consistent file.
     *
     * @param jarFile where to write the jar
     * @return {@code jarFile}, for use in {@link #javaAgentOption(Path)}
     */
    public static Path writeAgentJar(Path jarFile) {
        Path directory = jarFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Path temporaryFile = Files.createTempFile(directory, "parent-watch-", ".jar.tmp");
            try {
                writeJar(temporaryFile);
                Files.move(temporaryFile, jarFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporaryFile);
            }
            return jarFile;
        } catch (IOException exception) {
            throw new IllegalStateException("cannot write the parent-watch agent jar " + jarFile, exception);
        }
    }

    /**
     * The JVM option that installs the agent.
     *
     * @param jarFile a jar written by {@link #writeAgentJar(Path)}
     * @return {@code -javaagent:<absolute path>}
     */
    public static String javaAgentOption(Path jarFile) {
        return "-javaagent:" + jarFile.toAbsolutePath();
    }

    /**
     * The JVM option that installs the agent with an exit delay.
     *
     * @param jarFile a jar written by {@link #writeAgentJar(Path)}
     * @param delaySeconds how long the child outlives its parent, at most {@value #EXIT_DELAY_SECONDS_MAX}
     * @return {@code -javaagent:<absolute path>=<seconds>}
     */
    public static String javaAgentOption(Path jarFile, long delaySeconds) {
        if (delaySeconds < 0 || delaySeconds > EXIT_DELAY_SECONDS_MAX) {
            throw new IllegalArgumentException("delaySeconds must be between 0 and " + EXIT_DELAY_SECONDS_MAX + ", was " + delaySeconds);
        }
        return javaAgentOption(jarFile) + "=" + delaySeconds;
    }

    static long parseExitDelaySeconds(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(arguments.trim());
            return Math.max(0, Math.min(seconds, EXIT_DELAY_SECONDS_MAX));
        } catch (NumberFormatException exception) {
            // A bad argument must not keep the child from starting: it only loses the delay.
            System.err.println("parent-watch: ignoring the argument '" + arguments + "', expected seconds");
            return 0;
        }
    }

    private static void writeJar(Path jarFile) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
        try (InputStream classBytes = ParentWatchAgent.class.getResourceAsStream(CLASS_FILE);
                OutputStream file = Files.newOutputStream(jarFile);
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            if (classBytes == null) {
                throw new IOException("class file " + CLASS_ENTRY + " is not readable from " + ParentWatchAgent.class.getProtectionDomain());
            }
            jar.putNextEntry(new JarEntry(CLASS_ENTRY));
            classBytes.transferTo(jar);
            jar.closeEntry();
        }
    }

    private static void watchStandardInput() {
        byte[] buffer = new byte[256];
        try {
            // Whatever the parent might write is ignored: only the end of the stream matters.
            int count = 0;
            while (count >= 0) {
                count = System.in.read(buffer);
            }
        } catch (IOException exception) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        // The parent's Process.destroy() closes the pipe too, so this also follows an ordinary stop.
        System.err.println("parent-watch: standard input closed (the parent process is gone or stopping this one); shutting down"
                + (exitDelaySeconds > 0 ? " in " + exitDelaySeconds + " s" : ""));
        sleepSeconds(exitDelaySeconds);
        Thread halter = new Thread(ParentWatchAgent::haltAfterGracePeriod, "parent-watch-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }

    private static void sleepSeconds(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private static void haltAfterGracePeriod() {
        sleepSeconds(SHUTDOWN_GRACE_SECONDS);
        System.err.println("parent-watch: shutdown took longer than " + SHUTDOWN_GRACE_SECONDS + " s; halting");
        Runtime.getRuntime().halt(1);
    }
}
