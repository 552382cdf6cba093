-- Holds, refunds and declines; docs/projections.md explains every column.

-- What moved the money of an entry: PAYMENT, HOLD (funds reserved, nothing moved yet; its status
-- follows the hold: PENDING, then POSTED, VOIDED or EXPIRED), HOLD_CAPTURE (the posting of a
-- hold) or REFUND (refund_of names the refunded transfer).
ALTER TABLE entry_view ADD COLUMN kind VARCHAR(16) DEFAULT 'PAYMENT' NOT NULL;
ALTER TABLE entry_view ADD COLUMN refund_of VARCHAR(64);

-- The pending holds of each paying account, and which entry shows each, so that a hold's end can
-- update that entry's status without an index on transfer ids over all entries.
CREATE TABLE hold_view (
    account_id     VARCHAR(64)                 NOT NULL,
    transfer_id    VARCHAR(64)                 NOT NULL,
    entry_sequence BIGINT                      NOT NULL,
    amount_minor   BIGINT                      NOT NULL,
    expires_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT hold_view_pk PRIMARY KEY (account_id, transfer_id),
    CONSTRAINT hold_view_amount_positive CHECK (amount_minor > 0)
);

-- Payments the ledger declined, on the paying account's stream.
CREATE TABLE decline_view (
    account_id              VARCHAR(64)                 NOT NULL,
    sequence                BIGINT                      NOT NULL,
    transfer_id             VARCHAR(64)                 NOT NULL,
    counterparty_account_id VARCHAR(64)                 NOT NULL,
    amount_minor            BIGINT                      NOT NULL,
    currency                VARCHAR(16)                 NOT NULL,
    category                VARCHAR(64),
    reason                  VARCHAR(32)                 NOT NULL,
    limit_name              VARCHAR(32),
    layer                   VARCHAR(16),
    occurred_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT decline_view_pk PRIMARY KEY (account_id, sequence)
);
CREATE INDEX decline_view_occurred_at ON decline_view (occurred_at);
