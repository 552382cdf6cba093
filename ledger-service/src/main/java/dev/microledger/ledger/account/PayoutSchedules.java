package dev.microledger.ledger.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The merchants paid out by themselves and when each one's next payout is due: what the payout
 * job reads. Written when the schedule is set and after each scheduled payout.
 */
@Repository
public class PayoutSchedules extends DueAccounts {

    PayoutSchedules(JdbcTemplate jdbc) {
        super(jdbc, "payout_schedule", "next_run_at");
    }
}
