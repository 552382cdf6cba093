package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultRunOptionsTests {

    private static final Path BASE = Path.of("/opt/bench/target");

    @Test
    void defaultsMakeAHundredKillsOfEveryKindWithTheClocksSeed() {
        FaultRunOptions options = FaultRunOptions.parse(BASE, 1234L);

        assertThat(options.kills()).isEqualTo(100);
        assertThat(options.seed()).isEqualTo(1234L);
        assertThat(options.kinds()).containsExactly(KillKind.BROKER, KillKind.LEDGER_SERVICE, KillKind.QUERY_SERVICE,
                KillKind.LAUNCHER, KillKind.ALL_PROCESSES);
        assertThat(options.clients()).isEqualTo(4);
        assertThat(options.thinkMillis()).isEqualTo(100);
        assertThat(options.payers()).isEqualTo(20);
        assertThat(options.merchants()).isEqualTo(5);
        assertThat(options.pauseMinSeconds()).isEqualTo(1);
        assertThat(options.pauseMaxSeconds()).isEqualTo(5);
        assertThat(options.recoveryTimeoutSeconds()).isEqualTo(300);
        assertThat(options.dataDirectory()).isEqualTo(BASE.resolve("fault-data"));
        assertThat(options.reportDirectory()).isEqualTo(BASE.resolve("fault-report"));
        assertThat(options.keepData()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void givenValuesWinAsTheNextWordOrAfterAnEqualsSign() {
        FaultRunOptions options = FaultRunOptions.parse(BASE, 1L, "--kills", "5", "--seed=-7", "--kinds", "launcher,broker",
                "--clients=3", "--think-millis", "0", "--pause-min-seconds", "0", "--pause-max-seconds", "2", "--keep-data", "--data-dir", "/tmp/d");

        assertThat(options.kills()).isEqualTo(5);
        assertThat(options.seed()).isEqualTo(-7L);
        assertThat(options.kinds()).containsExactly(KillKind.LAUNCHER, KillKind.BROKER);
        assertThat(options.clients()).isEqualTo(3);
        assertThat(options.thinkMillis()).isZero();
        assertThat(options.pauseMinSeconds()).isZero();
        assertThat(options.pauseMaxSeconds()).isEqualTo(2);
        assertThat(options.keepData()).isTrue();
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/d"));
    }

    @Test
    void aMinimumPauseAboveTheDefaultMaximumRaisesTheMaximumWithIt() {
        FaultRunOptions options = FaultRunOptions.parse(BASE, 1L, "--pause-min-seconds", "20");

        assertThat(options.pauseMinSeconds()).isEqualTo(20);
        assertThat(options.pauseMaxSeconds()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--kills 0                                   | option --kills must be between 1 and 1000, got 0",
            "--kills 1001                                | option --kills must be between 1 and 1000, got 1001",
            "--kills many                                | option --kills needs a whole number, got 'many'",
            "--payers 3                                  | option --payers must be between 4 and 1000, got 3",
            "--think-millis 10001                        | option --think-millis must be between 0 and 10000, got 10001",
            "--kinds broker,,launcher                    | option --kinds has an empty item in 'broker,,launcher'",
            "--kinds broker,broker                       | option --kinds names 'broker' twice",
            "--kinds postgres                            | option --kinds: unknown kill kind 'postgres'",
            "--pause-min-seconds 5 --pause-max-seconds 2 | --pause-max-seconds (2) is below --pause-min-seconds (5)",
            "--recovery-timeout-seconds 5                | option --recovery-timeout-seconds must be between 10 and 3600, got 5",
            "--kills 5 --kills 6                         | option --kills is given more than once",
            "--duration-seconds 5                        | unknown option --duration-seconds",
            "--kills                                     | option --kills needs a value",
            "--keep-data=yes                             | option --keep-data takes no value",
            "kills                                       | unexpected argument 'kills'; options start with --"})
    void aMistakeIsRefusedNamingTheOption(String words, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRunOptions.parse(BASE, 1L, words.trim().split(" ")))
                .withMessageStartingWith(message);
    }
}
