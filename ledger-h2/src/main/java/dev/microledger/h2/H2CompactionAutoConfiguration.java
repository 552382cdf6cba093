package dev.microledger.h2;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Compacts the service's embedded H2 file while it runs; does nothing on any other database. */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(org.h2.jdbc.JdbcConnection.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "h2.compaction", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(H2CompactionProperties.class)
public class H2CompactionAutoConfiguration {

    @Bean
    H2FileCompaction h2FileCompaction(DataSource dataSource, H2CompactionProperties properties,
                                      ObjectProvider<MeterRegistry> meterRegistry) {
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties);
        meterRegistry.ifAvailable(registry -> {
            Gauge.builder("h2.file.size", compaction, H2FileCompaction::fileBytes)
                    .description("Size of the embedded H2 database file at the last compaction round (-1 before it)")
                    .baseUnit("bytes")
                    .register(registry);
            Gauge.builder("h2.file.live", compaction, H2FileCompaction::chunksFillRatePercent)
                    .description("Live share of the H2 file's chunk data at the last compaction round (-1 before it)")
                    .baseUnit("percent")
                    .register(registry);
            Gauge.builder("h2.compaction.rewriting.rounds", compaction, H2FileCompaction::roundsRewriting)
                    .description("Compaction rounds that rewrote chunks")
                    .register(registry);
        });
        return compaction;
    }
}
