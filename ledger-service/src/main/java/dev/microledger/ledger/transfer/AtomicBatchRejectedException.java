package dev.microledger.ledger.transfer;

import java.util.List;

/**
 * Thrown out of the command handler to roll back an atomic batch in which one transfer failed.
 * It carries every transfer's outcome so that the caller still learns which one failed and why.
 */
class AtomicBatchRejectedException extends RuntimeException {

    private final List<TransferOutcome> outcomes;

    AtomicBatchRejectedException(List<TransferOutcome> outcomes) {
        super("atomic batch rejected", null, false, false);
        this.outcomes = List.copyOf(outcomes);
    }

    List<TransferOutcome> outcomes() {
        return outcomes;
    }
}
