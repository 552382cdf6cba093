package dev.microledger.query.account;

import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.web.QueryProblem;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding accounts: every filter, paging that neither skips nor repeats, and hostile parameters refused. */
class AccountSearchTests {

    private static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");

    private AccountSearch search;

    @BeforeEach
    void accounts() {
        DataSource dataSource = SharedTestPostgres.freshDatabase("search").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        insert(jdbc, "alice", "USD", "USER", "OPEN", NOVEMBER.plusSeconds(60));
        insert(jdbc, "alice_2", "USD", "USER", "FROZEN", NOVEMBER.plusSeconds(120));
        insert(jdbc, "aliceX", "KRW", "USER", "OPEN", DECEMBER.plusSeconds(60));
        insert(jdbc, "bob", "USD", "USER", "CLOSED", DECEMBER.plusSeconds(120));
        insert(jdbc, "news-co", "USD", "MERCHANT", "OPEN", NOVEMBER.plusSeconds(180));
        insert(jdbc, "funding", "USD", "SYSTEM", "OPEN", NOVEMBER);
        insert(jdbc, "Zed", "USD", "USER", "OPEN", NOVEMBER);
        search = new AccountSearch(jdbc);
    }

    private static void insert(JdbcTemplate jdbc, String id, String currency, String kind, String status, Instant opened) {
        jdbc.update("INSERT INTO account_view (account_id, currency, scale, kind, status, balance_minor, pending_minor, "
                + "credit_limit_minor, version, opened_at, updated_at) VALUES (?, ?, 6, ?, ?, 0, 0, 0, 0, ?, ?)",
                id, currency, kind, status, Timestamp.from(opened), Timestamp.from(opened));
    }

    private static List<String> ids(AccountSearch.Page page) {
        return page.accounts().stream().map(AccountRow::accountId).toList();
    }

    private static AccountSearch.Filter none() {
        return new AccountSearch.Filter(null, null, null, null, null, null);
    }

    @Test
    void everyFilterNarrowsTheList() {
        assertThat(ids(search.search(new AccountSearch.Filter("USER", null, null, null, null, null), null, 100)))
                .containsExactly("Zed", "alice", "aliceX", "alice_2", "bob");
        assertThat(ids(search.search(new AccountSearch.Filter(null, "OPEN", "USD", null, null, null), null, 100)))
                .containsExactly("Zed", "alice", "funding", "news-co");
        // "_" in a prefix is itself, not a wildcard.
        assertThat(ids(search.search(new AccountSearch.Filter(null, null, null, "alice_", null, null), null, 100)))
                .containsExactly("alice_2");
        assertThat(ids(search.search(new AccountSearch.Filter(null, null, null, "alice", NOVEMBER, DECEMBER), null, 100)))
                .containsExactly("alice", "alice_2");
        assertThat(ids(search.search(new AccountSearch.Filter("MERCHANT", "FROZEN", null, null, null, null), null, 100)))
                .isEmpty();
    }

    @Test
    void pagesFollowOneAnotherWithoutGapOrRepeat() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            AccountSearch.Page page = search.search(none(), cursor, 2);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("Zed", "alice", "aliceX", "alice_2", "bob", "funding", "news-co");
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void hostileParametersAreValidationErrors() {
        assertThatThrownBy(() -> new AccountSearch.Filter("user", null, null, null, null, null))
                .isInstanceOf(QueryProblem.class);
        assertThatThrownBy(() -> new AccountSearch.Filter(null, "open", null, null, null, null))
                .isInstanceOf(QueryProblem.class);
        assertThatThrownBy(() -> new AccountSearch.Filter(null, null, "usd", null, null, null))
                .isInstanceOf(QueryProblem.class);
        for (String prefix : List.of("%", "a%", "'; DROP TABLE account_view; --", "", "a b")) {
            assertThatThrownBy(() -> new AccountSearch.Filter(null, null, null, prefix, null, null)).as(prefix)
                    .isInstanceOf(QueryProblem.class);
        }
        assertThatThrownBy(() -> new AccountSearch.Filter(null, null, null, null, DECEMBER, NOVEMBER))
                .isInstanceOf(QueryProblem.class);
        for (String cursor : List.of("!!", "YWZ0ZXI6", "bm90IGEgY3Vyc29y", "YWZ0ZXI6JSc=")) {
            assertThatThrownBy(() -> search.search(none(), cursor, 10)).as(cursor).isInstanceOf(QueryProblem.class);
        }
    }
}
