package dev.microledger.ledger.account;

/** What moved money in a debit or credit entry. */
public enum EntryKind {
    /** A transfer posted at once: counts against the payer's spending limits. */
    PAYMENT,
    /** The posting of a hold: counted against the limits when the hold was placed. */
    HOLD_CAPTURE,
    /** Money flowing back from payee to payer: never counts against limits. */
    REFUND,
    /** A merchant's fee of a payment to its revenue account, or (a refund's) the part of it given back. */
    FEE,
    /** A payment towards a postpaid account's bill. */
    BILL_PAYMENT,
    /** A merchant's payout. */
    SETTLEMENT
}
