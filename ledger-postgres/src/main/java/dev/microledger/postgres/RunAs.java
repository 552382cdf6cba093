package dev.microledger.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which user the PostgreSQL server runs as. PostgreSQL refuses to run as root ("initdb: cannot be
 * run as root"), so a JVM running as root starts it as an unprivileged user through
 * {@code setpriv}, with its data directory owned by that user; any other JVM runs it as itself.
 *
 * @param user the user the server runs as
 * @param uid that user's id, or -1 when the server runs as the JVM's own user
 * @param gid that user's primary group, or -1 likewise
 */
public record RunAs(String user, long uid, long gid) {

    /** The user a root JVM runs the server as when nobody names one. */
    public static final String DEFAULT_USER_UNDER_ROOT = "nobody";

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /**
     * The user to run the server as, for this JVM.
     *
     * @param userUnderRoot the user to switch to when this JVM runs as root; null or blank for
     *     {@value #DEFAULT_USER_UNDER_ROOT}. Ignored when this JVM is not root.
     * @return how to run the server
     * @throws IllegalStateException when this JVM is root and the user is unknown, is root itself,
     *     or {@code setpriv} is missing
     */
    public static RunAs forThisJvm(String userUnderRoot) {
        String self = System.getProperty("user.name");
        if (currentUid() != 0) {
            return new RunAs(self, -1, -1);
        }
        String user = userUnderRoot == null || userUnderRoot.isBlank() ? DEFAULT_USER_UNDER_ROOT : userUnderRoot.trim();
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException("PostgreSQL does not run as root, and " + SETPRIV + " (util-linux), which"
                    + " would start it as user '" + user + "', is missing. Install util-linux or start micro-ledger as another user.");
        }
        long uid = idOf(user, "-u");
        long gid = idOf(user, "-g");
        if (uid == 0) {
            throw new IllegalStateException("PostgreSQL does not run as root; '" + user + "' is root. Name an unprivileged user.");
        }
        return new RunAs(user, uid, gid);
    }

    /** @return whether the server runs as another user than the JVM */
    public boolean switchesUser() {
        return uid >= 0;
    }

    /**
     * The command that runs {@code command} as this user.
     *
     * @param command the program and its arguments
     * @return the same command, behind {@code setpriv} when the user is switched
     */
    public List<String> wrap(List<String> command) {
        if (!switchesUser()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Gives the directory and everything in it to this user, when the user is switched.
     *
     * @param directory the directory
     */
    public void own(Path directory) {
        if (!switchesUser()) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(groupName());
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                    give(path, owner, group);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                    give(path, owner, group);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot give " + directory + " to user " + user, exception);
        }
    }

    /**
     * Fails unless this user can enter the directory (and so read and write what it owns there):
     * a data directory under a directory that only root may enter, such as {@code /root}, cannot hold
     * the database of an unprivileged user.
     *
     * @param directory a directory this user owns
     * @throws IllegalStateException naming the directory and what to do
     */
    public void requireCanEnter(Path directory) {
        if (!switchesUser()) {
            return;
        }
        int exitCode = run(wrap(List.of("/bin/sh", "-c", "cd \"$1\"", "sh", directory.toString())));
        if (exitCode != 0) {
            throw new IllegalStateException("PostgreSQL runs as user '" + user + "' (it refuses root), and '" + user
                    + "' cannot enter " + directory + ": a directory above it is closed to other users. Choose a data"
                    + " directory that other users can enter (for instance under /var/lib or /srv), or set "
                    + "MICRO_LEDGER_POSTGRES_USER to a user who can enter it.");
        }
    }

    private String groupName() throws IOException {
        return output(List.of("id", "-gn", user)).trim();
    }

    private static void give(Path path, UserPrincipal owner, GroupPrincipal group) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(owner);
        view.setGroup(group);
    }

    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException exception) {
            // No /proc (macOS): ask id(1).
            try {
                return Long.parseLong(output(List.of("id", "-u")).trim());
            } catch (IOException inner) {
                throw new UncheckedIOException("cannot tell which user this JVM runs as", inner);
            }
        }
    }

    private static long idOf(String user, String option) {
        if (!user.matches("[a-z_][a-z0-9_.-]{0,31}")) {
            throw new IllegalStateException("'" + user + "' is not a user name");
        }
        try {
            return Long.parseLong(output(List.of("id", option, user)).trim());
        } catch (IOException | NumberFormatException exception) {
            throw new IllegalStateException("PostgreSQL does not run as root and is to run as user '" + user
                    + "', which this machine does not know. Create it, or name another with MICRO_LEDGER_POSTGRES_USER.", exception);
        }
    }

    private static String output(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), exception);
        }
        return output;
    }

    static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot run " + command.get(0), exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
