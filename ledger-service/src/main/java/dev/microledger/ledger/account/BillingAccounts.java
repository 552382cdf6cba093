package dev.microledger.ledger.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The postpaid accounts and when each one's billing period ends at the earliest: what the job
 * that closes billing periods reads. Written when the account is opened and when its periods close.
 */
@Repository
public class BillingAccounts extends DueAccounts {

    BillingAccounts(JdbcTemplate jdbc) {
        super(jdbc, "billing_account", "next_close_at");
    }
}
