package dev.microledger.bench.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes what a run leaves behind that nobody reads afterwards: the databases and Kafka's files. */
final class DataFiles {

    /** Files deleted at most; a data directory holds a few thousand, most of them PostgreSQL's. */
    private static final int DELETED_FILES_MAX = 100_000;

    private DataFiles() {
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> doomed;
        try (Stream<Path> paths = Files.walk(root)) {
            doomed = paths.limit(DELETED_FILES_MAX).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : doomed) {
            Files.deleteIfExists(path);
        }
    }
}
