package dev.microledger.query.generation;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Wraps the data source that Spring Boot configures from {@code spring.datasource.*} in a
 * {@link GenerationDataSource}, so that every user of it (queries, the projection, health checks)
 * reads and writes the live generation without knowing that generations exist.
 */
@Component
class GenerationDataSourceWrapper implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || bean instanceof GenerationDataSource) {
            return bean;
        }
        // Hikari puts a connection back to its configured schema when one is configured.
        boolean poolKeepsSchema = !(bean instanceof HikariDataSource hikari) || hikari.getSchema() == null;
        return new GenerationDataSource(dataSource, poolKeepsSchema);
    }
}
