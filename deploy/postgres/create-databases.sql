-- ledger-service and query-service each own a database; the image creates "ledger" itself.
CREATE DATABASE query;
