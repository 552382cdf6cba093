package dev.microledger.ledger.account;

/** Why a hold stopped holding funds. */
public enum HoldEndReason {
    POSTED,
    VOIDED,
    EXPIRED
}
