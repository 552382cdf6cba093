package dev.microledger.ledger.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The postpaid accounts and when each one's billing period ends at the earliest: what the billing
 * job reads to close periods by themselves. Written in the transaction of the command that opens
 * the account or closes its periods.
 */
@Repository
public class BillingAccounts {

    private final JdbcTemplate jdbc;

    BillingAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records (or moves) when the account's next billing period ends. */
    public void schedule(String accountId, Instant nextCloseAt) {
        jdbc.update("INSERT INTO billing_account (account_id, next_close_at) VALUES (?, ?) "
                        + "ON CONFLICT (account_id) DO UPDATE SET next_close_at = EXCLUDED.next_close_at",
                accountId, OffsetDateTime.ofInstant(nextCloseAt, ZoneOffset.UTC));
    }

    /** The accounts with a period ended by {@code now}, the longest due first. */
    public List<String> due(Instant now, int max) {
        return jdbc.queryForList("SELECT account_id FROM billing_account WHERE next_close_at <= ? "
                + "ORDER BY next_close_at FETCH FIRST " + max + " ROWS ONLY", String.class,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
