package dev.microledger.query.balance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An account's balance at a past instant: the balance after its last entry at (or before) that
 * instant, or zero before its first entry. One step along the index on (account, time, sequence),
 * read backwards, however many entries the account has.
 */
@Component
public class BalanceHistory {

    // Ordering by account_id too names the whole index, which H2 needs to walk it backwards instead
    // of sorting; entries of one commit share a time, and the highest sequence is the last of them.
    private static final String SELECT_AT_OR_BEFORE = """
            SELECT balance_after_minor
              FROM entry_view
             WHERE account_id = ? AND occurred_at <= ?
             ORDER BY account_id DESC, occurred_at DESC, sequence DESC
             LIMIT 1""";
    private static final String SELECT_BEFORE = """
            SELECT balance_after_minor
              FROM entry_view
             WHERE account_id = ? AND occurred_at < ?
             ORDER BY account_id DESC, occurred_at DESC, sequence DESC
             LIMIT 1""";

    private final JdbcTemplate jdbc;

    public BalanceHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The balance once every entry at or before {@code at} is applied. */
    public long balanceAtMinor(String accountId, Instant at) {
        return first(jdbc.queryForList(SELECT_AT_OR_BEFORE, Long.class, accountId, time(at)));
    }

    /** The balance just before {@code at}: entries at that very instant are not applied yet. */
    public long balanceBeforeMinor(String accountId, Instant at) {
        return first(jdbc.queryForList(SELECT_BEFORE, Long.class, accountId, time(at)));
    }

    private static long first(List<Long> balances) {
        return balances.isEmpty() ? 0 : balances.get(0);
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
