-- API keys: only the SHA-256 of each key is kept, never the key itself. A revoked key keeps its
-- row (revoked_at set), so its id stays taken and its history readable.
CREATE TABLE api_key (
    key_id       VARCHAR(16)              NOT NULL PRIMARY KEY,
    name         VARCHAR(64)              NOT NULL,
    roles        VARCHAR(200)             NOT NULL,
    key_hash     VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
