package dev.microledger.query.generation;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBatchInsertsTests {

    private final PostgresBatchInserts postProcessor = new PostgresBatchInserts();

    @Test
    void postgresPoolRewritesBatchedInsertsByDefault() {
        HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/query?currentSchema=query");

        postProcessor.postProcessBeforeInitialization(pool, "dataSource");

        assertThat(pool.getDataSourceProperties()).containsEntry(PostgresBatchInserts.SETTING, "true");
    }

    @Test
    void urlThatNamesTheSettingKeepsItsOwnValue() {
        HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/query?rewritebatchedinserts=false");

        postProcessor.postProcessBeforeInitialization(pool, "dataSource");

        assertThat(pool.getDataSourceProperties()).doesNotContainKey(PostgresBatchInserts.SETTING);
    }

    @Test
    void dataSourcePropertyThatNamesTheSettingKeepsItsOwnValue() {
        HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/query");
        pool.addDataSourceProperty(PostgresBatchInserts.SETTING, "false");

        postProcessor.postProcessBeforeInitialization(pool, "dataSource");

        assertThat(pool.getDataSourceProperties()).containsEntry(PostgresBatchInserts.SETTING, "false");
    }

    @Test
    void aPoolOfAnotherDriverIsLeftAsConfigured() {
        // pgjdbc-ng's URL: a driver that does not know the setting is not given it.
        HikariDataSource pool = pool("jdbc:pgsql://127.0.0.1:5432/query");

        postProcessor.postProcessBeforeInitialization(pool, "dataSource");

        assertThat(pool.getDataSourceProperties()).isEmpty();
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        return pool;
    }
}
