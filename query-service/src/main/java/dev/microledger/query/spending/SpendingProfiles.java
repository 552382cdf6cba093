package dev.microledger.query.spending;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/** Reads an account's {@link SpendingProfile}; one primary-key look-up. */
@Component
public class SpendingProfiles {

    private static final String SELECT_PROFILE = """
            SELECT timezone, per_transfer_minor, daily_minor, monthly_minor, budget_monthly_minor, limit_day,
                   limit_day_used_minor, limit_month, limit_month_used_minor
              FROM spending_account
             WHERE account_id = ?""";

    private final JdbcTemplate jdbc;

    SpendingProfiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's profile; the defaults (UTC, no limits, no budget) when nothing is kept for it. */
    public SpendingProfile find(String accountId) {
        List<SpendingProfile> rows = jdbc.query(SELECT_PROFILE, (row, rowNumber) -> read(row), accountId);
        return rows.isEmpty() ? SpendingProfile.none() : rows.get(0);
    }

    private static SpendingProfile read(ResultSet row) throws SQLException {
        String limitMonth = row.getString("limit_month");
        return new SpendingProfile(
                ZoneId.of(row.getString("timezone")),
                nullableLong(row, "per_transfer_minor"),
                nullableLong(row, "daily_minor"),
                nullableLong(row, "monthly_minor"),
                nullableLong(row, "budget_monthly_minor"),
                row.getObject("limit_day", LocalDate.class),
                row.getLong("limit_day_used_minor"),
                limitMonth == null ? null : YearMonth.parse(limitMonth),
                row.getLong("limit_month_used_minor"));
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
