package dev.microledger.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The last lines of a child process's log, for error messages that explain a failed start. */
final class LogTail {

    /** Enough to hold the last lines of a stack trace without reading a huge log whole. */
    private static final int BYTES_MAX = 64 * 1024;

    private LogTail() {
    }

    /**
     * Reads the last lines of a file.
     *
     * @param file the log file
     * @param lineCountMax how many lines at most
     * @return the lines joined by newlines, or a note saying why there are none
     */
    static String lastLines(Path file, int lineCountMax) {
        if (!Files.isRegularFile(file)) {
            return "(no log file at " + file + ")";
        }
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length();
            int byteCount = (int) Math.min(length, BYTES_MAX);
            byte[] bytes = new byte[byteCount];
            reader.seek(length - byteCount);
            reader.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int first = Math.max(0, lines.length - lineCountMax);
            return String.join(System.lineSeparator(), Arrays.copyOfRange(lines, first, lines.length));
        } catch (IOException exception) {
            return "(cannot read " + file + ": " + exception.getMessage() + ")";
        }
    }
}
