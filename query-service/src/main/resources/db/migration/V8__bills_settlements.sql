-- Consolidated bills of postpaid accounts and merchant settlements, as the ledger issued them.
-- A bill covers the account's entries from first_sequence to last_sequence; amount_paid_minor and
-- status follow its payments. Amounts are in minor units of the currency's scale.
CREATE TABLE bill_view (
    bill_id           VARCHAR(64)                 NOT NULL,
    account_id        VARCHAR(64)                 NOT NULL,
    period_start      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    period_end        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    amount_due_minor  BIGINT                      NOT NULL,
    amount_paid_minor BIGINT                      NOT NULL,
    currency          VARCHAR(16)                 NOT NULL,
    due_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status            VARCHAR(8)                  NOT NULL,
    issued_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    first_sequence    BIGINT                      NOT NULL,
    last_sequence     BIGINT                      NOT NULL,
    sequence          BIGINT                      NOT NULL,
    CONSTRAINT bill_view_pk PRIMARY KEY (bill_id),
    CONSTRAINT bill_view_amounts CHECK (amount_due_minor >= 0 AND amount_paid_minor >= 0)
);
CREATE INDEX bill_view_account ON bill_view (account_id, period_start);

-- A bill's lines: what it charged per merchant and category, net of refunds (a total may be
-- negative when refunds of an earlier period's payments came in this one).
CREATE TABLE bill_line_view (
    bill_id             VARCHAR(64) NOT NULL,
    line                INTEGER     NOT NULL,
    merchant_account_id VARCHAR(64) NOT NULL,
    category            VARCHAR(64),
    payment_count       BIGINT      NOT NULL,
    total_minor         BIGINT      NOT NULL,
    CONSTRAINT bill_line_view_pk PRIMARY KEY (bill_id, line)
);

CREATE TABLE settlement_view (
    settlement_id       VARCHAR(64)                 NOT NULL,
    merchant_account_id VARCHAR(64)                 NOT NULL,
    payout_account_id   VARCHAR(64)                 NOT NULL,
    cutoff              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    payment_count       BIGINT                      NOT NULL,
    gross_minor         BIGINT                      NOT NULL,
    fees_minor          BIGINT                      NOT NULL,
    refunds_minor       BIGINT                      NOT NULL,
    net_minor           BIGINT                      NOT NULL,
    currency            VARCHAR(16)                 NOT NULL,
    settled_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    sequence            BIGINT                      NOT NULL,
    CONSTRAINT settlement_view_pk PRIMARY KEY (settlement_id),
    CONSTRAINT settlement_view_net_positive CHECK (net_minor > 0)
);
CREATE INDEX settlement_view_merchant ON settlement_view (merchant_account_id, settled_at);
CREATE INDEX settlement_view_settled_at ON settlement_view (settled_at);
