package dev.microledger.query.consuming;

import dev.microledger.query.support.TestChain;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.account.AccountRow;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A projector over a PostgreSQL database with the real migrations, for tests of the feature
 * packages that feed events straight to the projection and read what it wrote.
 */
public final class TestProjection {

    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactionManager;
    private final Projector projector;
    private int offset;

    /** Over a new database on the test JVM's shared PostgreSQL server, without a pool. */
    public TestProjection(String name) {
        this(SharedTestPostgres.freshDatabase(name).dataSource());
    }

    /** Over an empty database, which it migrates first. */
    public TestProjection(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        projector = new Projector(jdbc, transactionManager, TestChain.CHAIN);
    }

    /** Applies the events as one batch, in order; returns how many were applied. */
    public int apply(List<LedgerEvent> events) {
        List<ProjectionInput> inputs = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            inputs.add(TestInputs.of(event, "test", 0, offset++));
        }
        ProjectionOutcome outcome = projector.apply(inputs);
        if (outcome.projected() != events.size()) {
            throw new AssertionError("projected " + outcome + " of " + events.size() + " events");
        }
        return outcome.projected();
    }

    /** Applies the events one batch each, as a consumer that polls one record at a time would. */
    public void applyOneByOne(List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            apply(List.of(event));
        }
    }

    public AccountRow account(String accountId) {
        return jdbc.queryForObject("SELECT * FROM account_view WHERE account_id = ?",
                (row, rowNumber) -> AccountRow.read(row), accountId);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public PlatformTransactionManager transactionManager() {
        return transactionManager;
    }
}
