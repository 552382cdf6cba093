package dev.microledger.query.balance;

import dev.microledger.query.account.AccountRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Finds an account's entries by time along its primary key (account, sequence), without an index
 * on time. The ledger commits an account's events in sequence order and reads the clock only
 * once it holds the account, so an account's entries are in time order too: the entries before an
 * instant are those below one sequence, which a binary search over the key finds in about
 * log2(version) look-ups of one row each (20 for a million events). A period is then a range of
 * the key, and balances are the balance after the entry just below a boundary, so the entries of
 * a range explain the change of balance across it exactly. Each index on {@code entry_view} costs
 * every projected entry; this costs a read a few look-ups.
 */
@Component
public class BalanceHistory {

    // Each order is the primary key's, account_id included, so each look-up walks its index without a sort.
    private static final String SELECT_FIRST_FROM = """
            SELECT sequence, occurred_at
              FROM entry_view
             WHERE account_id = ? AND sequence >= ?
             ORDER BY account_id, sequence
             LIMIT 1""";
    private static final String SELECT_BALANCE_BELOW = """
            SELECT balance_after_minor
              FROM entry_view
             WHERE account_id = ? AND sequence < ?
             ORDER BY account_id DESC, sequence DESC
             LIMIT 1""";

    private final JdbcTemplate jdbc;

    public BalanceHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The balance once every entry at or before {@code at} is applied; 0 before the first entry. */
    public long balanceAtMinor(AccountRow account, Instant at) {
        return balanceBelowMinor(account.accountId(), boundary(account, at, true));
    }

    /** The balance just before {@code at}: entries at that very instant are not applied yet. */
    public long balanceBeforeMinor(AccountRow account, Instant at) {
        return balanceBelowMinor(account.accountId(), boundary(account, at, false));
    }

    /** The balance after the account's last entry below {@code sequence}; 0 when there is none. */
    public long balanceBelowMinor(String accountId, long sequence) {
        List<Long> balances = jdbc.queryForList(SELECT_BALANCE_BELOW, Long.class, accountId, sequence);
        return balances.isEmpty() ? 0 : balances.get(0);
    }

    /** The sequences of the account's entries from {@code start} (included) to {@code end} (excluded). */
    public SequenceRange range(AccountRow account, Instant start, Instant end) {
        return new SequenceRange(firstSequenceFrom(account, start), firstSequenceFrom(account, end));
    }

    /** The lowest sequence whose entry is at or after {@code start}: the entries below it are before it. */
    public long firstSequenceFrom(AccountRow account, Instant start) {
        return boundary(account, start, false);
    }

    /**
     * A sequence that splits the account's entries at {@code at}: those below it are before
     * {@code at} (or at it, when {@code atCounts}), those from it on after. It is one more than
     * the last entry before the split, 0 when there is none. A binary search on entry times over
     * the key, where not every sequence has an entry (holds ending, limits and declines are events
     * without one).
     */
    long boundary(AccountRow account, Instant at, boolean atCounts) {
        String accountId = account.accountId();
        // Entries below low are before the boundary; entries from high on are after it.
        long low = 0;
        long high = Math.addExact(account.version(), 1);
        while (low < high) {
            long middle = low + (high - low) / 2;
            List<Entry> found = jdbc.query(SELECT_FIRST_FROM, (row, rowNumber) -> new Entry(row.getLong("sequence"),
                    row.getObject("occurred_at", OffsetDateTime.class).toInstant()), accountId, middle);
            Entry next = found.isEmpty() ? null : found.get(0);
            if (next == null || next.sequence() >= high || isAfterBoundary(next.occurredAt(), at, atCounts)) {
                // Every entry from middle on is after the boundary.
                high = middle;
            } else {
                low = next.sequence() + 1;
            }
        }
        return low;
    }

    private static boolean isAfterBoundary(Instant occurredAt, Instant at, boolean atCounts) {
        return atCounts ? occurredAt.isAfter(at) : !occurredAt.isBefore(at);
    }

    private record Entry(long sequence, Instant occurredAt) {
    }

    /** The entries of an account with a sequence from {@code from} (included) to {@code to} (excluded). */
    public record SequenceRange(long from, long to) {
    }
}
