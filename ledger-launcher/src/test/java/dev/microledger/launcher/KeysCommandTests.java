package dev.microledger.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeysCommandTests {

    @Test
    void createTakesANameRolesAndWhereTheSystemIs() {
        KeysCommand.Options options = KeysCommand.Options.parse("create", "--name", "paywall", "--roles", "payments,support",
                "--ledger-url", "http://127.0.0.1:18080", "--data-dir", "elsewhere");

        assertThat(options.action()).isEqualTo("create");
        assertThat(options.name()).isEqualTo("paywall");
        assertThat(options.roles()).containsExactly("payments", "support");
        assertThat(options.ledgerUrl().toString()).isEqualTo("http://127.0.0.1:18080");
        assertThat(options.dataDirectory()).isEqualTo(Path.of("elsewhere"));
    }

    @Test
    void revokeNeedsTheKeyId() {
        assertThat(KeysCommand.Options.parse("revoke", "abcdefghijklmnop").keyId()).isEqualTo("abcdefghijklmnop");
        assertThatIllegalArgumentException().isThrownBy(() -> KeysCommand.Options.parse("revoke"));
        assertThatIllegalArgumentException().isThrownBy(() -> KeysCommand.Options.parse("revoke", "--name", "x"));
    }

    @Test
    void mistakesAreUsageErrors() {
        for (List<String> arguments : List.of(List.<String>of(), List.of("destroy"), List.of("create", "--name", "x"),
                List.of("list", "--colour", "red"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = run(arguments, new ByteArrayOutputStream(), err);
            assertThat(exit).as(arguments.toString()).isEqualTo(KeysCommand.EXIT_USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: micro-ledger keys");
        }
    }

    @Test
    void generatePrintsANewKeyWithoutAskingAnyService() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(run(List.of("generate"), out, new ByteArrayOutputStream())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).matches("mlk_[a-z2-7]{16}_[A-Za-z0-9_-]{43}");
    }

    @Test
    void withoutAnAdminKeyItSaysWhereItLooked(@org.junit.jupiter.api.io.TempDir Path directory) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = run(List.of("list", "--data-dir", directory.toString()), new ByteArrayOutputStream(), err);

        assertThat(exit).isEqualTo(KeysCommand.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no admin key in", "admin.key");
    }

    private static int run(List<String> arguments, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        try {
            return KeysCommand.run(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(exception);
        }
    }
}
