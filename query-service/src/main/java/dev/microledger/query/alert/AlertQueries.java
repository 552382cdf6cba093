package dev.microledger.query.alert;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.account.AccountRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Reads an account's alerts newest first, walking the primary key of {@code alert_view} backwards. */
@Component
class AlertQueries {

    // The order is the primary key's, account_id included, so the newest alerts come from walking its
    // index backwards, without a sort.
    private static final String SELECT_NEWEST = """
            SELECT sequence, alert_type, occurred_at, detail, period, limit_name, threshold, pace, transfer_id, reason,
                   layer, amount_minor, reference_minor
              FROM alert_view
             WHERE account_id = ?
             ORDER BY account_id DESC, sequence DESC, ordinal DESC
             LIMIT ?""";

    private final JdbcTemplate jdbc;

    AlertQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    AlertList newest(AccountRow account, int limit) {
        int scale = account.scale();
        List<AlertList.Alert> alerts = jdbc.query(SELECT_NEWEST, (row, rowNumber) -> toAlert(row, scale),
                account.accountId(), limit);
        return new AlertList(alerts);
    }

    private static AlertList.Alert toAlert(ResultSet row, int scale) throws SQLException {
        String threshold = row.getString("threshold");
        return new AlertList.Alert(
                row.getString("alert_type"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getString("detail"),
                row.getLong("sequence"),
                row.getString("period"),
                row.getString("limit_name"),
                threshold == null ? null : new BigDecimal(threshold),
                row.getString("pace"),
                row.getString("transfer_id"),
                row.getString("reason"),
                row.getString("layer"),
                money(row, "amount_minor", scale),
                money(row, "reference_minor", scale));
    }

    private static String money(ResultSet row, String column, int scale) throws SQLException {
        long amountMinor = row.getLong(column);
        return row.wasNull() ? null : DecimalAmounts.format(amountMinor, scale);
    }
}
