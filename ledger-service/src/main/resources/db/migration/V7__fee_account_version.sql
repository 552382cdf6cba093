-- The fee revenue account's version after a payment's fee, or after a refund gave part of it back,
-- kept so that a retry answers with the same read-your-writes tokens (versions) as the first
-- answer, the revenue account's included. Null without a fee and for rows from before this column.
ALTER TABLE transfer_record ADD COLUMN fee_account_version BIGINT;
ALTER TABLE refund_record ADD COLUMN fee_account_version BIGINT;
