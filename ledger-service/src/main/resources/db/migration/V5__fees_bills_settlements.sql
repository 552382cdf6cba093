-- Fees, bills and settlements.
-- A payment to a merchant with a fee schedule records the fee it paid and the account it went to,
-- so that a retry answers with them and a refund returns the fee in proportion; a refund records
-- the part of the fee it returned.
ALTER TABLE transfer_record ADD COLUMN fee_minor BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE transfer_record ADD COLUMN fee_account_id VARCHAR(64);
ALTER TABLE refund_record ADD COLUMN fee_returned_minor BIGINT DEFAULT 0 NOT NULL;

-- The bills the ledger issued, by id: a bill payment names only the bill.
CREATE TABLE bill_record (
    bill_id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id       VARCHAR(64)              NOT NULL,
    period_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    period_end       TIMESTAMP WITH TIME ZONE NOT NULL,
    currency         VARCHAR(3)               NOT NULL,
    amount_due_minor BIGINT                   NOT NULL,
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    lines_json       TEXT                     NOT NULL,
    CONSTRAINT bill_record_amount_not_negative CHECK (amount_due_minor >= 0)
);
CREATE INDEX bill_record_account ON bill_record (account_id, period_start);

-- Postpaid accounts and when their next billing period ends at the earliest: what the billing
-- job looks at, so that a period closes by itself, also one that ended while the service was down.
CREATE TABLE billing_account (
    account_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    next_close_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX billing_account_due ON billing_account (next_close_at);
