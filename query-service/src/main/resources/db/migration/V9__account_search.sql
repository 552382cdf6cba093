-- Support staff page through accounts in id order and search them by id prefix: an index in byte
-- order (collation "C") serves both as range scans, whatever the database's default collation.
CREATE INDEX account_view_id_bytes ON account_view (account_id COLLATE "C");
