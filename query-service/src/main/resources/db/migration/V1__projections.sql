-- The projections of the ledger's events; docs/projections.md explains every column.

CREATE TABLE account_view (
    account_id         VARCHAR(64) NOT NULL,
    currency           VARCHAR(16) NOT NULL,
    scale              INTEGER     NOT NULL,
    kind               VARCHAR(16) NOT NULL,
    status             VARCHAR(16) NOT NULL,
    balance_minor      BIGINT      NOT NULL,
    pending_minor      BIGINT      NOT NULL,
    credit_limit_minor BIGINT      NOT NULL,
    version            BIGINT      NOT NULL,
    opened_at          TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT account_view_pk PRIMARY KEY (account_id),
    CONSTRAINT account_view_scale_range CHECK (scale BETWEEN 0 AND 18),
    CONSTRAINT account_view_pending_not_negative CHECK (pending_minor >= 0),
    CONSTRAINT account_view_credit_limit_not_negative CHECK (credit_limit_minor >= 0),
    CONSTRAINT account_view_version_not_negative CHECK (version >= 0)
);

CREATE TABLE entry_view (
    account_id              VARCHAR(64)   NOT NULL,
    sequence                BIGINT        NOT NULL,
    transfer_id             VARCHAR(64)   NOT NULL,
    direction               VARCHAR(8)    NOT NULL,
    counterparty_account_id VARCHAR(64)   NOT NULL,
    amount_minor            BIGINT        NOT NULL,
    currency                VARCHAR(16)   NOT NULL,
    category                VARCHAR(64),
    description             VARCHAR(1024),
    status                  VARCHAR(16)   NOT NULL,
    occurred_at             TIMESTAMPTZ   NOT NULL,
    balance_after_minor     BIGINT        NOT NULL,
    CONSTRAINT entry_view_pk PRIMARY KEY (account_id, sequence),
    CONSTRAINT entry_view_direction_known CHECK (direction IN ('DEBIT', 'CREDIT')),
    CONSTRAINT entry_view_amount_positive CHECK (amount_minor > 0)
);

-- Entry pages are read newest first (WHERE account_id = ? AND sequence < ? ORDER BY account_id DESC,
-- sequence DESC LIMIT ?). The primary key above is that index, scanned backwards from the cursor;
-- a second, descending copy of it would only double the cost of every entry insert.
