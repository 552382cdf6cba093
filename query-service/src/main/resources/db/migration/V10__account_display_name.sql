-- The name people know an account by (ledger.account.opened.v1's optional displayName): the
-- dashboard shows "Daily Herald" rather than the id daily-herald. NULL for accounts without one,
-- and for every account opened before the ledger sent names (a rebuild fills in what the topic holds).
ALTER TABLE account_view ADD COLUMN display_name TEXT;
ALTER TABLE account_view ADD CONSTRAINT account_view_display_name_length
    CHECK (display_name IS NULL OR char_length(display_name) BETWEEN 1 AND 128);
