package dev.microledger.ledger.account;

/** The life cycle of an account. */
public enum AccountStatus {
    OPEN,
    FROZEN,
    CLOSED
}
