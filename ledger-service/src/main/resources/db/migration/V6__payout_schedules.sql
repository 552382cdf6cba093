-- Merchants paid out by themselves (daily, weekly or monthly) and when each one's next payout is
-- due: what the payout job looks at, so that a payout due while the service was down still runs.
CREATE TABLE payout_schedule (
    account_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    next_run_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX payout_schedule_due ON payout_schedule (next_run_at);
