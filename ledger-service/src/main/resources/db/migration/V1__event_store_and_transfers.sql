-- Axon's JDBC event store, token store and the ledger's transfer registry (PostgreSQL).
-- eventIdentifier carries no unique index: Axon never looks events up by it, the ids are random
-- UUIDs, and a random index would rewrite a different index page for every event appended.
-- What must be unique per event is (aggregateIdentifier, sequenceNumber): that constraint is what
-- refuses a concurrent second writer of the same account.
CREATE TABLE DomainEventEntry (
    globalIndex         BIGSERIAL PRIMARY KEY,
    eventIdentifier     VARCHAR(255) NOT NULL,
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    timeStamp           VARCHAR(255) NOT NULL,
    payloadType         VARCHAR(255) NOT NULL,
    payloadRevision     VARCHAR(255),
    payload             BYTEA    NOT NULL,
    metaData            BYTEA,
    CONSTRAINT domain_event_aggregate_sequence UNIQUE (aggregateIdentifier, sequenceNumber)
);

CREATE TABLE SnapshotEventEntry (
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventIdentifier     VARCHAR(255) NOT NULL,
    timeStamp           VARCHAR(255) NOT NULL,
    payloadType         VARCHAR(255) NOT NULL,
    payloadRevision     VARCHAR(255),
    payload             BYTEA    NOT NULL,
    metaData            BYTEA,
    PRIMARY KEY (aggregateIdentifier, sequenceNumber)
);

CREATE TABLE TokenEntry (
    processorName VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokenType     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorName, segment)
);

CREATE TABLE transfer_record (
    transfer_id       VARCHAR(64)              NOT NULL PRIMARY KEY,
    debit_account_id  VARCHAR(64)              NOT NULL,
    credit_account_id VARCHAR(64)              NOT NULL,
    amount_minor      BIGINT                   NOT NULL,
    currency          VARCHAR(3)               NOT NULL,
    category          VARCHAR(64),
    description       VARCHAR(256),
    metadata_json     VARCHAR(8192)            NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    debit_version     BIGINT                   NOT NULL,
    credit_version    BIGINT                   NOT NULL
);
