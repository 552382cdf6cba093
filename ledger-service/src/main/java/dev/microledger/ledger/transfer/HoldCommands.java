package dev.microledger.ledger.transfer;

import dev.microledger.ledger.rejection.LedgerRejection;

/** The commands that end a hold. */
final class HoldCommands {

    private HoldCommands() {
    }

    /** Posts a pending transfer: all of it, or {@code amountMinor} of it with the rest released. */
    record PostHold(String transferId, Long amountMinor) {
    }

    /** Releases a pending transfer's hold; nothing moves. */
    record VoidHold(String transferId) {
    }

    /** Expires a pending transfer whose timeout has passed; does nothing to any other. */
    record ExpireHold(String transferId) {
    }

    /** What became of a post or void: the transfer as it is now, or why nothing changed. */
    record Result(TransferRecord record, LedgerRejection rejection) {
    }
}
