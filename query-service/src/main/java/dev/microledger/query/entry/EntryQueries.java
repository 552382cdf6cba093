package dev.microledger.query.entry;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.account.AccountRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code entry_view}, one bounded page at a time, newest first. The primary key
 * (account_id, sequence) is the paging index, read backwards from the cursor: a page costs its
 * own rows, however long the account's history is.
 */
@Component
class EntryQueries {

    private static final String SELECT_PAGE = """
            SELECT sequence, transfer_id, direction, counterparty_account_id, amount_minor, category, description,
                   status, occurred_at, balance_after_minor, kind, refund_of, actor
              FROM entry_view
             WHERE account_id = ? AND sequence < ?
             ORDER BY account_id DESC, sequence DESC
             LIMIT ?""";

    // Ordering by account_id too is a no-op for the result (it is fixed by the WHERE clause); the
    // order is the primary key's, which is scanned backwards instead of sorting every entry of the
    // account.

    private final JdbcTemplate jdbc;

    EntryQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code pageSize} entries of the account with a sequence below {@code sequenceBelow}. */
    EntryPage page(AccountRow account, long sequenceBelow, int pageSize) {
        int scale = account.scale();
        // One row more than asked tells whether another page follows without a second query.
        List<Row> rows = jdbc.query(SELECT_PAGE, (row, rowNumber) -> new Row(
                row.getLong("sequence"),
                new EntryPage.Entry(
                        row.getString("transfer_id"),
                        row.getString("direction"),
                        row.getString("counterparty_account_id"),
                        DecimalAmounts.format(row.getLong("amount_minor"), scale),
                        row.getString("category"),
                        row.getString("description"),
                        row.getString("status"),
                        row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        DecimalAmounts.format(row.getLong("balance_after_minor"), scale),
                        row.getLong("sequence"),
                        row.getString("kind"),
                        row.getString("refund_of"),
                        row.getString("actor"))),
                account.accountId(), sequenceBelow, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<EntryPage.Entry> entries = new ArrayList<>(Math.min(rows.size(), pageSize));
        for (int i = 0; i < rows.size() && i < pageSize; i++) {
            entries.add(rows.get(i).entry());
        }
        String nextCursor = more ? EntryCursor.encode(rows.get(pageSize - 1).sequence()) : null;
        return new EntryPage(entries, nextCursor);
    }

    private record Row(long sequence, EntryPage.Entry entry) {
    }
}
