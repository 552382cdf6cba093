package dev.microledger.ledger.transfer;

import dev.microledger.ledger.rejection.LedgerRejection;

/**
 * What happened to one transfer of a command: accepted now, accepted earlier (a retry, answered
 * with the original result), or rejected with a stable code.
 */
record TransferOutcome(TransferRecord record, boolean replayed, LedgerRejection rejection) {

    static TransferOutcome accepted(TransferRecord record) {
        return new TransferOutcome(record, false, null);
    }

    static TransferOutcome replayed(TransferRecord record) {
        return new TransferOutcome(record, true, null);
    }

    static TransferOutcome rejected(LedgerRejection rejection) {
        return new TransferOutcome(null, false, rejection);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
