package dev.microledger.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** How much a data directory holds and how much room its disk has left. */
final class DataDirectory {

    /** A system's data directory holds a few hundred files; more are not counted. */
    static final int FILES_MAX = 100_000;

    private DataDirectory() {
    }

    /** The bytes of the regular files under the directory; 0 when it does not exist. Files that vanish meanwhile are skipped. */
    static long sizeBytes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.limit(FILES_MAX).mapToLong(DataDirectory::sizeOrZero).sum();
        } catch (IOException | UncheckedIOException exception) {
            return 0;
        }
    }

    static long freeBytes(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException exception) {
            return Long.MAX_VALUE;
        }
    }

    private static long sizeOrZero(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? attributes.size() : 0;
        } catch (IOException exception) {
            return 0;
        }
    }
}
