package dev.microledger.ledger.transfer;

import java.util.List;

/**
 * Posts transfers in one unit of work and one database transaction, in the given order. Each
 * transfer succeeds or fails on its own unless {@code atomic}: then all are posted or none is.
 * A single transfer is a batch of one.
 */
record PostTransfersCommand(List<TransferInstruction> transfers, boolean atomic) {
}
