package dev.microledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LauncherOptionsTests {

    @Test
    void noArgumentsGiveTheDefaults() {
        LauncherOptions options = LauncherOptions.parse();

        assertThat(options).isEqualTo(new LauncherOptions(Path.of("data"), 8080, 8081, 9092, 9093, 5432, false, false));
    }

    @Test
    void everyOptionTakesItsValueAsTheNextWord() {
        LauncherOptions options = LauncherOptions.parse(
                "--data-dir", "/var/lib/micro-ledger",
                "--ledger-port", "18080",
                "--query-port", "18081",
                "--kafka-port", "19092",
                "--kafka-controller-port", "19093",
                "--postgres-port", "15432");

        assertThat(options).isEqualTo(new LauncherOptions(Path.of("/var/lib/micro-ledger"), 18080, 18081, 19092, 19093, 15432, false, false));
    }

    @Test
    void everyOptionTakesItsValueAfterAnEqualsSign() {
        LauncherOptions options = LauncherOptions.parse("--data-dir=here", "--ledger-port=0", "--kafka-port=0", "--postgres-port=0");

        assertThat(options).isEqualTo(new LauncherOptions(Path.of("here"), 0, 8081, 0, 9093, 0, false, false));
    }

    @Test
    void demoIsAFlagThatKeepsItsDataApartAndTurnsOnTheDemoClock() {
        LauncherOptions options = LauncherOptions.parse("--demo", "--query-port", "18081");

        assertThat(options).isEqualTo(new LauncherOptions(Path.of("demo-data"), 8080, 18081, 9092, 9093, 5432, true, false));
        assertThat(options.toSettings(Path.of("/opt/services")).ledgerArguments())
                .containsExactly("--ledger.demo-clock.enabled=true");
        assertThat(LauncherOptions.parse().toSettings(Path.of("/opt/services")).ledgerArguments()).isEmpty();
    }

    @Test
    void demoKeepsADataDirectoryGivenWithIt() {
        assertThat(LauncherOptions.parse("--data-dir", "mine", "--demo").dataDirectory()).isEqualTo(Path.of("mine"));
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(LauncherOptions.parse("--ledger-port", "1", "--help").help()).isTrue();
        assertThat(LauncherOptions.parse("-h").help()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --verbose                            | unknown option --verbose
            data                                 | unknown option data
            --ledger-port                        | option --ledger-port needs a value
            --ledger-port eighty                 | option --ledger-port needs a port number, got 'eighty'
            --query-port 65536                   | option --query-port needs a port between 0 and 65535, got 65536
            --kafka-port -1                      | option --kafka-port needs a port between 0 and 65535, got -1
            --data-dir --ledger-port             | option --data-dir needs a directory, got '--ledger-port'
            --data-dir a --data-dir b            | option --data-dir is given more than once
            --demo=yes                           | option --demo takes no value
            --demo --demo                        | option --demo is given more than once
            """)
    void badArgumentsAreRejectedWithAClearMessage(String commandLine, String message) {
        String[] arguments = commandLine.split(" ");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> LauncherOptions.parse(arguments))
                .withMessage(message);
    }

    @Test
    void tooManyArgumentsAreRejected() {
        String[] arguments = new String[16];
        Arrays.fill(arguments, "--help");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> LauncherOptions.parse(arguments))
                .withMessageContaining("too many arguments");
    }

    @Test
    void settingsUseTheOptionsAndAnAbsoluteDataDirectory() {
        EmbeddedSystem.Settings settings = LauncherOptions.parse("--data-dir", "data", "--ledger-port", "18080")
                .toSettings(Path.of("/opt/micro-ledger/services"));

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(settings.ledgerPort()).isEqualTo(18080);
        assertThat(settings.kafkaLogFile()).isEqualTo(Path.of("data/logs/kafka.log").toAbsolutePath());
        assertThat(settings.servicesDirectory()).isEqualTo(Path.of("/opt/micro-ledger/services"));
        assertThat(settings.serviceStartTimeoutSeconds()).isEqualTo(120);
    }
}
