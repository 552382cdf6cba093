package dev.microledger.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.microledger.bench.load.Endpoint;
import dev.microledger.bench.load.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchmarkOptionsTests {

    private static final Path BASE = Path.of("/opt/bench/target");

    @Test
    void defaultsRunEverythingForAMinuteEachOnAStartedSystem() {
        BenchmarkOptions options = BenchmarkOptions.parse(BASE);

        assertThat(options.durationSeconds()).isEqualTo(60);
        assertThat(options.warmupSeconds()).isEqualTo(10);
        assertThat(options.rawSeconds()).isEqualTo(10);
        assertThat(options.workloads()).containsExactly(Workload.UNIFORM, Workload.HOT_PAYEE, Workload.TOP_UP, Workload.MIXED,
                Workload.FEES);
        assertThat(options.endpoints()).containsExactly(Endpoint.SINGLE, Endpoint.BATCH100, Endpoint.BATCH1000);
        assertThat(options.clients()).isEqualTo(64);
        assertThat(options.batchClients()).isEqualTo(4);
        assertThat(options.openLoopRatePerSecond()).isEqualTo(BenchmarkOptions.OPEN_LOOP_RATE_AUTO);
        assertThat(options.runsOpenLoop()).isTrue();
        assertThat(options.payers()).isEqualTo(10_000);
        assertThat(options.merchants()).isEqualTo(100);
        assertThat(options.targetsRunningServices()).isFalse();
        assertThat(options.usesExternalPostgres()).isFalse();
        assertThat(options.dataDirectory()).isEqualTo(BASE.resolve("bench-data"));
        assertThat(options.reportDirectory()).isEqualTo(BASE.resolve("bench-report"));
        assertThat(options.keepData()).isFalse();
        assertThat(options.rebuild()).isTrue();
        assertThat(options.help()).isFalse();
    }

    @Test
    void noRebuildIsAFlagThatLeavesEverythingElseAlone() {
        BenchmarkOptions options = BenchmarkOptions.parse(BASE, "--scale", "--no-rebuild", "--scale-accounts", "5000");

        assertThat(options.rebuild()).isFalse();
        assertThat(options.scale()).isTrue();
        assertThat(options.scaleAccounts()).isEqualTo(5000);
        assertThat(options.keepData()).isFalse();
        assertThat(BenchmarkOptions.parse(BASE, "--no-rebuild").scale()).isFalse();
    }

    @Test
    void quickShortensTheDefaultsButExplicitOptionsStillWin() {
        BenchmarkOptions quick = BenchmarkOptions.parse(BASE, "--quick");
        BenchmarkOptions explicit = BenchmarkOptions.parse(BASE, "--payers", "200", "--quick", "--duration-seconds=5");

        assertThat(List.of(quick.durationSeconds(), quick.warmupSeconds(), quick.rawSeconds(), quick.payers()))
                .containsExactly(3, 1, 2, 500);
        assertThat(List.of(explicit.durationSeconds(), explicit.warmupSeconds(), explicit.payers())).containsExactly(5, 1, 200);
    }

    @Test
    void theOpenLoopRateIsANumberOrAutoAndZeroSkipsIt() {
        assertThat(BenchmarkOptions.parse(BASE, "--open-loop-rate", "1500").openLoopRatePerSecond()).isEqualTo(1500);
        assertThat(BenchmarkOptions.parse(BASE, "--open-loop-rate=auto").openLoopRatePerSecond())
                .isEqualTo(BenchmarkOptions.OPEN_LOOP_RATE_AUTO);
        assertThat(BenchmarkOptions.parse(BASE, "--open-loop-rate", "0").runsOpenLoop()).isFalse();
    }

    @Test
    void listsKeepTheGivenOrder() {
        BenchmarkOptions options = BenchmarkOptions.parse(BASE, "--workloads", "top-up,uniform", "--endpoints=batch1000, single");

        assertThat(options.workloads()).containsExactly(Workload.TOP_UP, Workload.UNIFORM);
        assertThat(options.endpoints()).containsExactly(Endpoint.BATCH1000, Endpoint.SINGLE);
    }

    @Test
    void runningServicesAreGivenByBothUrlsWithoutATrailingSlash() {
        BenchmarkOptions options = BenchmarkOptions.parse(BASE, "--ledger-url", "http://10.0.0.5:8080/", "--query-url",
                "http://10.0.0.5:8081", "--bootstrap-servers", "10.0.0.5:9092");

        assertThat(options.targetsRunningServices()).isTrue();
        assertThat(options.ledgerUrl()).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(options.queryUrl()).isEqualTo(URI.create("http://10.0.0.5:8081"));
        assertThat(options.bootstrapServers()).isEqualTo("10.0.0.5:9092");
    }

    @Test
    void postgresGetsADefaultUserAndAnEmptyPassword() {
        BenchmarkOptions options = BenchmarkOptions.parse(BASE, "--postgres-url", "jdbc:postgresql://127.0.0.1:5432/bench");

        assertThat(options.usesExternalPostgres()).isTrue();
        assertThat(options.postgresUsername()).isEqualTo("postgres");
        assertThat(options.postgresPassword()).isEmpty();
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(BenchmarkOptions.parse(BASE, "--quick", "--help").help()).isTrue();
        assertThat(BenchmarkOptions.parse(BASE, "-h").help()).isTrue();
    }

    @Test
    void scaleIsOffByDefaultAndRunsAMillionAccountsAndTenMillionTransfersWhenAskedFor() {
        BenchmarkOptions defaults = BenchmarkOptions.parse(BASE);
        BenchmarkOptions scale = BenchmarkOptions.parse(BASE, "--scale");
        BenchmarkOptions smaller = BenchmarkOptions.parse(BASE, "--scale", "--scale-accounts", "100000", "--scale-transfers=1000000");

        assertThat(defaults.scale()).isFalse();
        assertThat(scale.scale()).isTrue();
        assertThat(scale.scaleAccounts()).isEqualTo(1_000_000);
        assertThat(scale.scaleTransfers()).isEqualTo(10_000_000);
        assertThat(smaller.scaleAccounts()).isEqualTo(100_000);
        assertThat(smaller.scaleTransfers()).isEqualTo(1_000_000);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--durations 5                                     | unknown option --durations",
            "--clients 4 --clients 5                           | option --clients is given more than once",
            "--clients                                         | option --clients needs a value",
            "--clients --quick                                 | option --clients needs a value",
            "--clients many                                    | option --clients needs a whole number, got 'many'",
            "--clients 0                                       | option --clients must be between 1 and 1024, got 0",
            "--duration-seconds 3601                           | option --duration-seconds must be between 1 and 3600, got 3601",
            "--open-loop-rate -1                               | option --open-loop-rate must be between 0 and 100000, got -1",
            "--payers 100001                                   | option --payers must be between 1 and 100000, got 100001",
            "--workloads uniform,flash-sale                    | option --workloads: unknown workload 'flash-sale'; known: uniform, hot-payee, top-up, mixed, fees",
            "--workloads uniform,,top-up                       | option --workloads has an empty item in 'uniform,,top-up'",
            "--endpoints single,single                         | option --endpoints names 'single' twice",
            "--ledger-url http://127.0.0.1:8080                | --ledger-url and --query-url go together: give both or neither",
            "--ledger-url ftp://host --query-url http://h:1    | option --ledger-url needs a base URL like http://127.0.0.1:8080, got 'ftp://host'",
            "--ledger-url http://h:1/api --query-url http://h:2 | option --ledger-url needs a base URL like http://127.0.0.1:8080, got 'http://h:1/api'",
            "--bootstrap-servers 127.0.0.1:9092                | --bootstrap-servers is only for running services (with --ledger-url); a started system has its own broker",
            "--postgres-username bench                         | --postgres-username and --postgres-password need --postgres-url",
            "--postgres-url jdbc:h2:mem:x                      | option --postgres-url needs a PostgreSQL JDBC URL like jdbc:postgresql://127.0.0.1:5432/bench, got 'jdbc:h2:mem:x'",
            "--quick=yes                                       | option --quick takes no value",
            "--scale-accounts 5000                             | --scale-accounts and --scale-transfers need --scale",
            "--scale --scale-accounts 999                      | option --scale-accounts must be between 1000 and 2000000, got 999",
            "--scale --scale-transfers 20000001                | option --scale-transfers must be between 1000 and 20000000, got 20000001",
            "--scale --ledger-url http://h:1 --query-url http://h:2 | --scale restarts ledger-service, so it needs a system it starts itself, not --ledger-url",
            "uniform                                           | unexpected argument 'uniform'; options start with --",
    })
    void rejectsMistakesWithAMessageNamingTheOption(String commandLine, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchmarkOptions.parse(BASE, commandLine.trim().split("\\s+")))
                .withMessage(message.trim());
    }

    @Test
    void rejectsAPostgresUrlThatChoosesItsOwnSchema() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchmarkOptions.parse(BASE, "--postgres-url", "jdbc:postgresql://db/bench?currentSchema=x"))
                .withMessageContaining("must not set currentSchema");
    }

    @Test
    void rejectsAbsurdlyLongCommandLines() {
        String[] arguments = new String[65];
        Arrays.fill(arguments, "--quick");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchmarkOptions.parse(BASE, arguments))
                .withMessageStartingWith("too many arguments");
    }
}
