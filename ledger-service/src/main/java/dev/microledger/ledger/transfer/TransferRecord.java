package dev.microledger.ledger.transfer;

import java.time.Instant;

/**
 * A transfer the ledger accepted, as kept in the transfer registry: the request's fields (to
 * answer retries and spot conflicting reuse of the id) and the result (to answer retries with the
 * original body).
 */
record TransferRecord(
        TransferInstruction instruction,
        TransferStatus status,
        Instant createdAt,
        long debitVersion,
        long creditVersion) {

    String transferId() {
        return instruction.transferId();
    }

    /** Whether a request with this id asks for exactly this transfer. */
    boolean sameRequestAs(TransferInstruction other) {
        return instruction.equals(other);
    }
}
