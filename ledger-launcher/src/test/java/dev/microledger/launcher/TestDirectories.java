package dev.microledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Temporary directories are made for their owner alone (0700). Under root the embedded PostgreSQL
 * runs as another user, who must be able to enter the data directory's parent, as the launcher
 * checks: a test opens its temporary directory as an operator would choose a data directory.
 */
final class TestDirectories {

    private TestDirectories() {
    }

    static Path enterableByOthers(Path directory) {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            return directory;
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
    }
}
