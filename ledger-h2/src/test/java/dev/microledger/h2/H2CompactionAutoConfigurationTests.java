package dev.microledger.h2;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class H2CompactionAutoConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        H2CompactionAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("spring.datasource.url=jdbc:h2:file:" + directory.resolve("service").toAbsolutePath()
                        + ";WRITE_DELAY=0");
    }

    @Test
    void aServiceOnAnH2FileCompactsItAndShowsTheFileInItsMetrics() {
        runner().run(context -> {
            H2FileCompaction compaction = context.getBean(H2FileCompaction.class);
            assertThat(compaction.isRunning()).isTrue();
            compaction.runRound();

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("h2.file.size").gauge().value()).isPositive();
            assertThat(meters.get("h2.file.live").gauge().value()).isBetween(1.0, 100.0);
            assertThat(meters.get("h2.compaction.rewriting.rounds").gauge().value()).isZero();
        });
    }

    @Test
    void compactionCanBeTurnedOff() {
        runner().withPropertyValues("h2.compaction.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(H2FileCompaction.class));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            h2.compaction.interval=50ms                       | h2.compaction.interval must be between 100ms and 1h, got PT0.05S
            h2.compaction.fill-rate-percent-min=100           | h2.compaction.fill-rate-percent-min must be between 1 and 99, got 100
            h2.compaction.rewrite-bytes-per-round-max=1024    | h2.compaction.rewrite-bytes-per-round-max must be between 65536 and 268435456, got 1024
            """)
    void settingsOutOfRangeStopTheServiceWithTheReason(String setting, String reason) {
        runner().withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(reason);
        });
    }
}
