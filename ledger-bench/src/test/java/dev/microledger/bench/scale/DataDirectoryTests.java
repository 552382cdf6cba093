package dev.microledger.bench.scale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTests {

    @TempDir
    Path directory;

    @Test
    void countsTheBytesOfEveryFileBelowTheDirectory() throws IOException {
        Files.write(directory.resolve("a"), new byte[1000]);
        Files.createDirectories(directory.resolve("kafka/ledger.events-0"));
        Files.write(directory.resolve("kafka/ledger.events-0/00000.log"), new byte[2500]);

        assertThat(DataDirectory.sizeBytes(directory)).isEqualTo(3500);
        assertThat(DataDirectory.sizeBytes(directory.resolve("missing"))).isZero();
    }

    /** Kafka and PostgreSQL delete files while the benchmark sizes their directory: the files that stay still count. */
    @Test
    void filesVanishingDuringTheWalkDoNotZeroTheSum() throws Exception {
        Files.write(directory.resolve("stays"), new byte[1000]);
        Path churn = Files.createDirectories(directory.resolve("churn"));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread deleter = new Thread(() -> {
            // Like Kafka deleting old segments: many directories, each gone soon after it was listed.
            for (int round = 0; running.get(); round++) {
                try {
                    List<Path> made = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        made.add(Files.createDirectories(churn.resolve("segment-" + round + "-" + i)));
                    }
                    for (Path segment : made) {
                        Files.delete(segment);
                    }
                } catch (IOException exception) {
                    throw new UncheckedIOException(exception);
                }
            }
        });
        deleter.start();
        List<Long> sizes = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                sizes.add(DataDirectory.sizeBytes(directory));
            }
        } finally {
            running.set(false);
            deleter.join();
        }

        assertThat(sizes).allSatisfy(size -> assertThat(size).isEqualTo(1000L));
    }
}
