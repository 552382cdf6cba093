package dev.microledger.ledger.account;

/** What an account is for; decides whether its balance has a floor. */
public enum AccountKind {
    /** A payer's wallet: prepaid, or postpaid down to its credit limit. */
    USER,
    /** A payee such as a publisher, creator or game studio; same floor rule as USER. */
    MERCHANT,
    /** The ledger's own accounts (funding, fees, settlement): no balance floor. */
    SYSTEM;

    boolean hasFloor() {
        return this != SYSTEM;
    }
}
