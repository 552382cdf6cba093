package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The password of the broker's own user, made once per data directory and kept in
 * {@code credentials/}{@value #BROKER_PASSWORD_FILE}, readable by its owner alone (0600, in a
 * 0700 directory), beside the launcher's other credentials.
 */
public final class BrokerCredentials {

    public static final String BROKER_PASSWORD_FILE = "kafka-broker.password";

    private static final int PASSWORD_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerCredentials() {
    }

    /**
     * The broker's password: the one kept in the directory, or a new one written there.
     *
     * @param credentialsDirectory the directory, created readable by its owner alone when missing
     * @return the password
     */
    public static String brokerPassword(Path credentialsDirectory) {
        Path file = credentialsDirectory.resolve(BROKER_PASSWORD_FILE);
        Optional<String> stored = read(file);
        if (stored.isPresent()) {
            return stored.get();
        }
        String password = newPassword();
        createPrivateDirectory(credentialsDirectory);
        writePrivate(file, password + "\n");
        return password;
    }

    /**
     * A new random password: 128 bits as 32 hexadecimal digits, which need no quoting anywhere.
     *
     * @return the password
     */
    public static String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Writes a file that its owner alone may read, created so before a byte of the secret is in it.
     *
     * @param file the file; an existing one is replaced
     * @param text what it holds
     */
    static void writePrivate(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            if (isPosix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException exception) {
            throw new IllegalStateException(file + " appeared while it was being written; is another broker using "
                    + "this data directory?", exception);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write " + file, exception);
        }
    }

    private static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            return password.isEmpty() ? Optional.empty() : Optional.of(password);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot read " + file, exception);
        }
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
            }
            if (isPosix(directory)) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot create " + directory, exception);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
