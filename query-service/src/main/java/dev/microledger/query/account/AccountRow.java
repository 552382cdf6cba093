package dev.microledger.query.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One row of {@code account_view}: an account as the projection last saw it, amounts in minor units. */
public record AccountRow(
        String accountId,
        String currency,
        int scale,
        String kind,
        String status,
        long balanceMinor,
        long pendingMinor,
        long creditLimitMinor,
        long version,
        Instant openedAt,
        Instant updatedAt,
        String displayName) {

    /** An account without a display name. */
    public AccountRow(String accountId, String currency, int scale, String kind, String status, long balanceMinor,
                      long pendingMinor, long creditLimitMinor, long version, Instant openedAt, Instant updatedAt) {
        this(accountId, currency, scale, kind, status, balanceMinor, pendingMinor, creditLimitMinor, version, openedAt,
                updatedAt, null);
    }

    /** Reads the current row of a result set that selects every column of {@code account_view}. */
    public static AccountRow read(ResultSet row) throws SQLException {
        return new AccountRow(
                row.getString("account_id"),
                row.getString("currency"),
                row.getInt("scale"),
                row.getString("kind"),
                row.getString("status"),
                row.getLong("balance_minor"),
                row.getLong("pending_minor"),
                row.getLong("credit_limit_minor"),
                row.getLong("version"),
                row.getObject("opened_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant(),
                row.getString("display_name"));
    }
}
