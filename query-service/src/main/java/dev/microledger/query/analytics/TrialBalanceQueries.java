package dev.microledger.query.analytics;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Sums the projected balances per currency in the database. Double entry makes every sum zero
 * once both sides of each transfer are projected; a non-zero sum means a side is missing or
 * wrong (or, briefly, that the other side sits in a partition not yet consumed).
 */
@Component
class TrialBalanceQueries {

    /** Currencies are few; the bound only keeps a broken table from producing an endless answer. */
    static final int ROWS_MAX = 1000;

    // Grouping by scale as well as currency shows a currency whose accounts disagree on the scale
    // as two rows, instead of adding minor units of different sizes into one meaningless sum.
    // The sum is read as a decimal: PostgreSQL widens SUM(BIGINT) to NUMERIC, beyond a long.
    private static final String SELECT_ALL = """
            SELECT currency, scale, COUNT(*) AS accounts, SUM(balance_minor) AS balance_sum_minor
              FROM account_view
             GROUP BY currency, scale
             ORDER BY currency, scale
             LIMIT %d""".formatted(ROWS_MAX);
    private static final String SELECT_ONE = """
            SELECT currency, scale, COUNT(*) AS accounts, SUM(balance_minor) AS balance_sum_minor
              FROM account_view
             WHERE currency = ?
             GROUP BY currency, scale
             ORDER BY currency, scale
             LIMIT %d""".formatted(ROWS_MAX);

    private final JdbcTemplate jdbc;

    TrialBalanceQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every currency, or only {@code currency} when it is not null. */
    List<TrialBalanceRow> trialBalance(String currency) {
        if (currency == null) {
            return jdbc.query(SELECT_ALL, (row, rowNumber) -> toRow(row));
        }
        return jdbc.query(SELECT_ONE, (row, rowNumber) -> toRow(row), currency);
    }

    private static TrialBalanceRow toRow(ResultSet row) throws SQLException {
        BigDecimal sumMinor = row.getBigDecimal("balance_sum_minor");
        String sum = sumMinor.movePointLeft(row.getInt("scale")).stripTrailingZeros().toPlainString();
        return new TrialBalanceRow(row.getString("currency"), row.getLong("accounts"), sum);
    }
}
