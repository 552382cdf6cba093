-- The event chain (docs/events/integrity.md). Each account row keeps the link of the last event
-- applied to it, which the link of its next event must follow; NULL for rows projected before
-- links existed (their chain starts again at zero bytes, as the ledger's does).
ALTER TABLE account_view ADD COLUMN chain BYTEA;

-- Accounts whose next record could not be applied: it failed the integrity check, came after a
-- gap, or broke an invariant of the projection. Reads of a held account answer 503 account_held
-- rather than a balance nobody can vouch for; the row goes once the account's true next event is
-- applied. reason is one of integrity, gap, invariant. held_since is the Kafka timestamp of the
-- record that held it, so that a rebuild from the topic makes the same row.
CREATE TABLE held_account (
    account_id  VARCHAR(64)  NOT NULL,
    reason      VARCHAR(16)  NOT NULL,
    detail      VARCHAR(512) NOT NULL,
    version     BIGINT       NOT NULL,
    sequence    BIGINT       NOT NULL,
    held_since  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT held_account_pk PRIMARY KEY (account_id)
);

-- Every record the projection did not apply and did not skip as a duplicate, kept with where it
-- came from and why, for an operator to look at. record_value is NULL when it was larger than
-- 64 KiB (its size is then in detail). record_time is the record's Kafka timestamp.
CREATE TABLE set_aside_record (
    topic           VARCHAR(255) NOT NULL,
    record_partition INTEGER     NOT NULL,
    record_offset   BIGINT       NOT NULL,
    account_id      VARCHAR(64),
    sequence        BIGINT,
    reason          VARCHAR(16)  NOT NULL,
    detail          VARCHAR(512) NOT NULL,
    record_key      VARCHAR(255),
    record_value    BYTEA,
    chain           BYTEA,
    record_time     TIMESTAMPTZ  NOT NULL,
    CONSTRAINT set_aside_record_pk PRIMARY KEY (topic, record_partition, record_offset)
);
