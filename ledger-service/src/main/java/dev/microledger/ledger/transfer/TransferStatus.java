package dev.microledger.ledger.transfer;

enum TransferStatus {
    POSTED,
    PENDING,
    VOIDED,
    EXPIRED,
    REJECTED
}
