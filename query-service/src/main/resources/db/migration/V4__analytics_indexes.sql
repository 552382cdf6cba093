-- Indexes for the analyst queries (GET /analytics/...); docs/projections.md explains them.

-- Spending and transfer sizes read the payment debits of a period: a range on occurred_at. The
-- index holds only those entries (about half of all: credits, holds and refunds stay out) and
-- carries the columns the queries aggregate, so a period is read from the index alone once
-- vacuum has marked the table's pages all-visible.
CREATE INDEX entry_view_payments_occurred_at ON entry_view (occurred_at)
    INCLUDE (account_id, currency, amount_minor, counterparty_account_id, category)
    WHERE direction = 'DEBIT' AND kind IN ('PAYMENT', 'HOLD_CAPTURE');

-- Spending counts payments of USER accounts only. MERCHANT and SYSTEM accounts are few, so the
-- queries exclude them instead of looking every payer up: this index lists just those accounts.
CREATE INDEX account_view_not_user ON account_view (account_id) WHERE kind <> 'USER';

-- Checks that a currency is known and finds its scale without reading every account. An account's
-- currency, scale and kind never change, so balance updates of account_view stay heap-only (HOT).
CREATE INDEX account_view_currency ON account_view (currency, scale);
