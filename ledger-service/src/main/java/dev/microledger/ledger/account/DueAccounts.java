package dev.microledger.ledger.account;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A table of accounts and when something falls due for each (a bill, a payout): written in the
 * transaction of the command that books the next date, read by the job that runs what is due.
 * Its rows are {@code (account_id, <due column>)}, indexed on the due column.
 */
abstract class DueAccounts {

    private final JdbcTemplate jdbc;
    private final String upsert;
    private final String delete;
    private final String due;

    DueAccounts(JdbcTemplate jdbc, String table, String dueColumn) {
        this.jdbc = jdbc;
        this.upsert = "INSERT INTO " + table + " (account_id, " + dueColumn + ") VALUES (?, ?) ON CONFLICT (account_id) "
                + "DO UPDATE SET " + dueColumn + " = EXCLUDED." + dueColumn;
        this.delete = "DELETE FROM " + table + " WHERE account_id = ?";
        this.due = "SELECT account_id FROM " + table + " WHERE " + dueColumn + " <= ? ORDER BY " + dueColumn
                + " FETCH FIRST %d ROWS ONLY";
    }

    /** Books (or moves) when the account is next due. */
    public void schedule(String accountId, Instant dueAt) {
        jdbc.update(upsert, accountId, OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC));
    }

    public void remove(String accountId) {
        jdbc.update(delete, accountId);
    }

    /** The accounts due by {@code now}, the longest due first. */
    public List<String> due(Instant now, int max) {
        return jdbc.queryForList(due.formatted(max), String.class, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
