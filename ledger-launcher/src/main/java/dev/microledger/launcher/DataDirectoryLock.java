package dev.microledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One owner per data directory: an exclusive lock on {@code DATA/.lock}, taken before anything
 * else in the directory is touched and held while the system runs. A second launcher on the same
 * directory (another terminal, other ports) is refused with a clear message instead of starting a
 * second broker on the same files. The operating system releases the lock when the owner's
 * process ends, even by {@code kill -9}, so a crash leaves no stale lock behind.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dataDirectory the data directory; it is created when missing
     * @return the lock, held until closed
     * @throws IllegalStateException when another process (or system in this one) holds it, naming its pid
     */
    static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(dataDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot open " + file, exception);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        } catch (IOException exception) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, exception);
        }
        if (lock == null) {
            String owner = owner(file);
            closeQuietly(channel);
            throw new IllegalStateException("the data directory " + dataDirectory + " is in use by another micro-ledger"
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; stop that one first, or start this one with "
                    + "another --data-dir. Nothing in the directory was touched.");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException exception) {
            // The lock is what matters; the pid in the file is only a courtesy for the message above.
        }
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException exception) {
            // Closing the channel releases it as well.
        }
        closeQuietly(channel);
    }

    private static String owner(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException exception) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException exception) {
            // Nothing more to release.
        }
    }
}
