package dev.microledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkTests {

    @Test
    void commandLineRepeatsTheArgumentsAndMasksThePostgresPassword() {
        String line = Benchmark.commandLine("--postgres-url", "jdbc:postgresql://db:5432/bench", "--postgres-password", "s3cret",
                "--postgres-username=bench", "--report-dir", "my reports");

        assertThat(line).isEqualTo("micro-ledger-bench --postgres-url jdbc:postgresql://db:5432/bench --postgres-password ****"
                + " --postgres-username=bench --report-dir 'my reports'");
    }

    @Test
    void commandLineMasksThePasswordGivenWithEquals() {
        assertThat(Benchmark.commandLine("--postgres-password=s3cret")).isEqualTo("micro-ledger-bench --postgres-password=****");
    }

    @Test
    void theServicesAreLookedForBesideTheBenchmarksCode() {
        // In a build the code is target/classes, so the services are in target/services where the build copies them.
        assertThat(Benchmark.servicesDirectory()).isEqualTo(Benchmark.baseDirectory().resolve("services"));
        assertThat(Benchmark.baseDirectory().getFileName().toString()).isEqualTo("target");
    }

    @Test
    void schemaUrlsAddTheCurrentSchemaToWhateverParametersThereAre() {
        assertThat(PostgresSchemas.urlWithSchema("jdbc:postgresql://db/bench", "s1")).isEqualTo("jdbc:postgresql://db/bench?currentSchema=s1");
        assertThat(PostgresSchemas.urlWithSchema("jdbc:postgresql://db/bench?ssl=false", "s1"))
                .isEqualTo("jdbc:postgresql://db/bench?ssl=false&currentSchema=s1");
    }
}
