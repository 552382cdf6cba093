package dev.microledger.bench.scale;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** How much a data directory holds and how much room its disk has left. */
final class DataDirectory {

    /** A system's data directory holds a few thousand files, most of them PostgreSQL's; more are not counted. */
    static final int FILES_MAX = 100_000;

    private DataDirectory() {
    }

    /**
     * The bytes of the regular files under the directory; 0 when it does not exist. Kafka and
     * PostgreSQL delete files and directories while they run: whatever vanishes during the walk is
     * skipped, and the rest still counts.
     */
    static long sizeBytes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        SizeVisitor visitor = new SizeVisitor();
        try {
            Files.walkFileTree(directory, visitor);
        } catch (IOException exception) {
            // Only the visitor could throw, and it does not: what was counted stands.
        }
        return visitor.bytes;
    }

    static long freeBytes(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException exception) {
            return Long.MAX_VALUE;
        }
    }

    private static final class SizeVisitor extends SimpleFileVisitor<Path> {

        private long bytes;
        private int files;

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
                bytes += attributes.size();
            }
            return ++files < FILES_MAX ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exception) {
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException exception) {
            return FileVisitResult.CONTINUE;
        }
    }
}
