-- Indexes for the analyst queries (GET /analytics/...); docs/projections.md explains them.

-- Spending and transfer sizes read the payments of a period: a range on occurred_at. H2 has no
-- partial indexes, so this one covers every entry (PostgreSQL's covers only payment debits). Each
-- payer's kind is then looked up by account_view's primary key.
CREATE INDEX entry_view_occurred_at ON entry_view (occurred_at);

-- Checks that a currency is known and finds its scale without reading every account. An account's
-- currency and scale never change, so the balance updates of account_view leave this index alone.
CREATE INDEX account_view_currency ON account_view (currency, scale);
