package dev.microledger.query.generation;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * On PostgreSQL, has the driver send a batch of inserts as multi-row {@code INSERT}s
 * ({@code reWriteBatchedInserts}): the projection and the rebuild write entries, accounts and
 * spending rows in JDBC batches, and one statement of up to 128 rows costs the server far less
 * than 128 statements: in a benchmark's rebuild, PostgreSQL used about a quarter less CPU per
 * record with it. A URL or a {@code spring.datasource.hikari.data-source-properties} entry
 * that names the setting wins, so an operator can still turn it off. The projection's row-count
 * checks accept the counts that rewritten statements report ({@code SUCCESS_NO_INFO}).
 */
@Component
class PostgresBatchInserts implements BeanPostProcessor {

    static final String SETTING = "reWriteBatchedInserts";

    private static final Logger log = LoggerFactory.getLogger(PostgresBatchInserts.class);

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && rewritesByDefault(pool)) {
            pool.addDataSourceProperty(SETTING, "true");
            log.info("PostgreSQL: batched inserts are sent as multi-row statements ({}=true)", SETTING);
        }
        return bean;
    }

    private static boolean rewritesByDefault(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        return url != null
                && url.startsWith("jdbc:postgresql:")
                && !url.toLowerCase(Locale.ROOT).contains(SETTING.toLowerCase(Locale.ROOT))
                && !pool.getDataSourceProperties().containsKey(SETTING);
    }
}
