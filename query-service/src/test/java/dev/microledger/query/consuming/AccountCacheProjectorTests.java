package dev.microledger.query.consuming;

import dev.microledger.query.support.TestChain;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.support.TestLedger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rebuild's writer keeps the account rows it wrote between its batches: the rows it projects
 * must be those of a projection that reads every row from the database, and a failed batch must
 * leave nothing of itself in the cache.
 */
class AccountCacheProjectorTests {

    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final TestLedger ledger = new TestLedger();
    private DataSource cachedDatabase;
    private DataSource plainDatabase;
    private int offset;

    @BeforeEach
    void createDatabases() {
        cachedDatabase = database();
        plainDatabase = database();
    }

    @Test
    void batchesProjectedWithACacheLeaveTheRowsOfBatchesProjectedWithout() {
        AccountCache cache = new AccountCache(10);
        Projector cached = projector(cachedDatabase);
        Projector plain = projector(plainDatabase);
        List<List<LedgerEvent>> batches = new ArrayList<>();
        batches.add(List.of(ledger.open("funding", "SYSTEM", "USD", 6, "0"), ledger.open("alice", "USER", "USD", 6, "2"),
                ledger.open("shop", "MERCHANT", "USD", 6, "0")));
        batches.add(ledger.transfer("t-1", "funding", "alice", "10", "top-up"));
        batches.add(List.of(ledger.hold("h-1", "alice", "shop", "4")));
        List<LedgerEvent> posted = new ArrayList<>(ledger.postHold("h-1", "alice", "shop", "4", "3"));
        posted.add(ledger.statusChanged("shop", "FROZEN"));
        batches.add(posted);
        batches.add(ledger.transfer("t-2", "alice", "funding", "1", null));

        for (List<LedgerEvent> batch : batches) {
            cached.apply(inputs(batch), cache);
            plain.apply(inputs(batch));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(rows(cachedDatabase, "account_view")).usingRecursiveComparison()
                .isEqualTo(rows(plainDatabase, "account_view"));
        assertThat(rows(cachedDatabase, "entry_view")).isEqualTo(rows(plainDatabase, "entry_view"));
        assertThat(rows(cachedDatabase, "hold_view")).isEqualTo(rows(plainDatabase, "hold_view"));
    }

    @Test
    void aCachedRowIsTakenInsteadOfReadAndGoesOnFromItsWrittenVersion() {
        AccountCache cache = new AccountCache(10);
        Projector cached = projector(cachedDatabase);
        cached.apply(inputs(List.of(ledger.open("alice", "USER", "USD", 6, "0"), ledger.open("bob", "USER", "USD", 6, "0"))),
                cache);

        Map<String, AccountState> taken = cache.take(Set.of("alice", "carol"));

        assertThat(taken).containsOnlyKeys("alice");
        assertThat(taken.get("alice").version).isZero();
        assertThat(taken.get("alice").isNew()).isFalse();
        assertThat(taken.get("alice").isChanged()).isFalse();
    }

    @Test
    void theLeastRecentlyUsedRowsLeaveACacheThatIsFull() {
        AccountCache cache = new AccountCache(2);
        Projector cached = projector(cachedDatabase);

        cached.apply(inputs(List.of(ledger.open("a", "USER", "USD", 6, "0"), ledger.open("b", "USER", "USD", 6, "0"),
                ledger.open("c", "USER", "USD", 6, "0"))), cache);

        assertThat(cache.size()).isEqualTo(2);
        // A row that left the cache is read from the database again, at the version it has there.
        cached.apply(inputs(ledger.transfer("t-1", "a", "b", "0.5", null)), cache);
        assertThat(new JdbcTemplate(cachedDatabase).queryForObject(
                "SELECT version FROM account_view WHERE account_id = 'a'", Long.class)).isEqualTo(1L);
    }

    @Test
    void aBatchWhoseTransactionFailsAfterItsWritesLeavesNoRowBehind() {
        AccountCache cache = new AccountCache(10);
        Projector cached = projector(cachedDatabase);
        cached.apply(inputs(List.of(ledger.open("alice", "USER", "USD", 6, "0"))), cache);

        assertThatThrownBy(() -> cached.apply(inputs(List.of(ledger.open("bob", "USER", "USD", 6, "0"),
                ledger.open("carol", "USER", "USD", 6, "0"))), brokenAfterWrite(cache)))
                .isInstanceOf(RuntimeException.class);

        assertThat(new JdbcTemplate(cachedDatabase).queryForObject("SELECT COUNT(*) FROM account_view", Long.class))
                .isEqualTo(1L);
    }

    /** A cache whose keep fails, as a commit would after the batch's rows were written. */
    private static AccountCache brokenAfterWrite(AccountCache cache) {
        return new AccountCache(10) {
            @Override
            void keep(java.util.Collection<AccountState> written) {
                throw new IllegalStateException("the commit failed");
            }
        };
    }

    private Projector projector(DataSource dataSource) {
        return new Projector(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), TestChain.CHAIN);
    }

    private static DataSource database() {
        DataSource dataSource = SharedTestPostgres.freshDatabase("cache").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static List<Map<String, Object>> rows(DataSource dataSource, String table) {
        return new JdbcTemplate(dataSource).queryForList("SELECT * FROM " + table + " ORDER BY 1, 2");
    }

    private List<ProjectionInput> inputs(List<LedgerEvent> events) {
        List<ProjectionInput> inputs = new ArrayList<>();
        for (LedgerEvent event : events) {
            inputs.add(TestInputs.of(event, "test", 0, offset++));
        }
        return inputs;
    }
}
