package dev.microledger.ledger.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The merchants paid out by themselves and when each one's next payout is due: what the payout
 * job reads. Written in the transaction of the command that sets the schedule or settles.
 */
@Repository
public class PayoutSchedules {

    private final JdbcTemplate jdbc;

    PayoutSchedules(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void schedule(String merchantAccountId, Instant nextRunAt) {
        jdbc.update("INSERT INTO payout_schedule (account_id, next_run_at) VALUES (?, ?) "
                        + "ON CONFLICT (account_id) DO UPDATE SET next_run_at = EXCLUDED.next_run_at",
                merchantAccountId, OffsetDateTime.ofInstant(nextRunAt, ZoneOffset.UTC));
    }

    public void remove(String merchantAccountId) {
        jdbc.update("DELETE FROM payout_schedule WHERE account_id = ?", merchantAccountId);
    }

    /** The merchants whose payout is due by {@code now}, the longest due first. */
    public List<String> due(Instant now, int max) {
        return jdbc.queryForList("SELECT account_id FROM payout_schedule WHERE next_run_at <= ? "
                + "ORDER BY next_run_at FETCH FIRST " + max + " ROWS ONLY", String.class,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
