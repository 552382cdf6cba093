package dev.microledger.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DataDirectoryLockTests {

    @TempDir
    Path directory;

    @Test
    void aSecondOwnerIsRefusedWithTheFirstOnesPidAndTheDirectoryIsLeftAlone() throws Exception {
        Path data = directory.resolve("data");
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data)) {
            assertThatIllegalStateException().isThrownBy(() -> DataDirectoryLock.acquire(data))
                    .withMessageContaining("is in use by another micro-ledger")
                    .withMessageContaining("pid " + ProcessHandle.current().pid())
                    .withMessageContaining("--data-dir");
            try (var entries = Files.list(data)) {
                assertThat(entries.map(path -> path.getFileName().toString())).containsExactly(".lock");
            }
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleased() {
        Path data = directory.resolve("data");
        DataDirectoryLock.acquire(data).close();

        try (DataDirectoryLock again = DataDirectoryLock.acquire(data)) {
            assertThat(data.resolve(".lock")).exists();
        }
    }
}
