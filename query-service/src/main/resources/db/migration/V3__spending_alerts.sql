-- Spending awareness: each account's limits, budget and running spending as its alerts need them,
-- and the alerts; docs/projections.md explains every column.

-- Reads of one account's entries by time need no index of their own: an account's entries are in
-- time order along the primary key, which a binary search turns into a range of sequences
-- (BalanceHistory). Declines are few, so one account's declines in a period get an index.
CREATE INDEX decline_view_account_time ON decline_view (account_id, occurred_at);

-- One row per account that has paid, held, set limits or set a budget: its settings and the
-- running usage of its current day and month, kept from its events as the ledger keeps them, so
-- that alerts are decided from events alone.
CREATE TABLE spending_account (
    account_id                VARCHAR(64)  NOT NULL,
    timezone                  VARCHAR(64)  NOT NULL,
    per_transfer_minor        BIGINT,
    daily_minor               BIGINT,
    monthly_minor             BIGINT,
    per_minute_count          INTEGER,
    budget_monthly_minor      BIGINT,
    budget_alert_thresholds   VARCHAR(400),
    limit_day                 DATE,
    limit_day_used_minor      BIGINT       NOT NULL,
    limit_month               VARCHAR(7),
    limit_month_used_minor    BIGINT       NOT NULL,
    spent_day                 DATE,
    spent_day_minor           BIGINT       NOT NULL,
    spent_month               VARCHAR(7),
    spent_month_minor         BIGINT       NOT NULL,
    recent_days               VARCHAR(1000) NOT NULL,
    daily_limit_alert_period  VARCHAR(10),
    daily_limit_alert_level   INTEGER      NOT NULL,
    monthly_limit_alert_period VARCHAR(10),
    monthly_limit_alert_level INTEGER      NOT NULL,
    budget_alert_period       VARCHAR(10),
    budget_alert_level        INTEGER      NOT NULL,
    pace_alert_period         VARCHAR(10),
    pace_alert_level          INTEGER      NOT NULL,
    spike_alert_period        VARCHAR(10),
    spike_alert_level         INTEGER      NOT NULL,
    CONSTRAINT spending_account_pk PRIMARY KEY (account_id),
    CONSTRAINT spending_account_usage_not_negative CHECK (limit_day_used_minor >= 0 AND limit_month_used_minor >= 0
        AND spent_day_minor >= 0 AND spent_month_minor >= 0)
);

-- The alerts of each account, raised by the projection as it applies the account's events: the
-- event's sequence and the alert's place among that event's alerts are the key, so a rebuild
-- writes the same rows, and reading newest first walks the key backwards.
CREATE TABLE alert_view (
    account_id      VARCHAR(64)                 NOT NULL,
    sequence        BIGINT                      NOT NULL,
    ordinal         INTEGER                     NOT NULL,
    alert_type      VARCHAR(32)                 NOT NULL,
    occurred_at     TIMESTAMPTZ                 NOT NULL,
    detail          VARCHAR(512)                NOT NULL,
    period          VARCHAR(10),
    limit_name      VARCHAR(32),
    threshold       VARCHAR(40),
    pace            VARCHAR(16),
    transfer_id     VARCHAR(64),
    reason          VARCHAR(32),
    layer           VARCHAR(16),
    amount_minor    BIGINT,
    reference_minor BIGINT,
    CONSTRAINT alert_view_pk PRIMARY KEY (account_id, sequence, ordinal)
);
