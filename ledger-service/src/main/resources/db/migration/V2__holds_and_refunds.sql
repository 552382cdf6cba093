-- Holds (pending transfers) and refunds.
-- A pending transfer keeps its hold's timeout and expiry; a posted hold records how much of it
-- was posted; every transfer records how much of it was refunded so far.
ALTER TABLE transfer_record ADD COLUMN hold_timeout_seconds BIGINT;
ALTER TABLE transfer_record ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE transfer_record ADD COLUMN posted_amount_minor BIGINT;
ALTER TABLE transfer_record ADD COLUMN refunded_minor BIGINT DEFAULT 0 NOT NULL;

-- The expiry job asks for the pending holds that are due, oldest first. expires_at is set only
-- while a hold is pending, and the index holds only those rows: posted transfers (nearly all
-- rows) cost it nothing.
CREATE INDEX transfer_record_pending_expiry ON transfer_record (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE refund_record (
    refund_id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    transfer_id            VARCHAR(64)              NOT NULL,
    requested_amount_minor BIGINT,
    amount_minor           BIGINT                   NOT NULL,
    currency               VARCHAR(3)               NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    debit_version          BIGINT                   NOT NULL,
    credit_version         BIGINT                   NOT NULL
);
