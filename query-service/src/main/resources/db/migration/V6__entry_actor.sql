-- Who caused each entry: the actor on the event's envelope (an API key's id, token:<subject>, or one
-- of the ledger's own actors such as system:hold-expiry). NULL for events from before actors were
-- recorded. At most 128 code points, which H2 counts as up to 256 UTF-16 units.
ALTER TABLE entry_view ADD COLUMN actor VARCHAR(256);
