package dev.microledger.ledger.transfer;

import dev.microledger.access.Actors;
import dev.microledger.access.RequestIds;
import dev.microledger.access.Role;
import dev.microledger.ledger.money.Money;

/**
 * One requested transfer, validated at the edge: ids are well formed, the amount is positive
 * and exact in its currency. {@code metadataJson} is canonical JSON text (keys sorted), so two
 * requests with the same metadata compare equal as strings. {@code holdTimeoutSeconds} is set
 * for a pending transfer (a hold) and null for one posted at once. {@code caller} says who asks
 * (recorded on the events) and whether it may debit a SYSTEM account (the {@code treasury} role):
 * it belongs to the caller, not to the transfer, so it plays no part in deciding whether a retry
 * is the same request.
 */
record TransferInstruction(
        String transferId,
        String debitAccountId,
        String creditAccountId,
        Money amount,
        String category,
        String description,
        String metadataJson,
        Long holdTimeoutSeconds,
        Caller caller) {

    /**
     * Who asks for a transfer.
     *
     * @param actor the key id or token subject, or null for the ledger's own instructions
     * @param requestId the request's id, or null
     * @param mayDebitSystem whether the caller holds the treasury role
     */
    record Caller(String actor, String requestId, boolean mayDebitSystem) {

        /** The ledger itself, or a transfer as the registry keeps it (callers are not kept there). */
        static final Caller LEDGER = new Caller(null, null, true);

        /** The caller of the request this thread serves. */
        static Caller ofCurrentRequest() {
            return new Caller(Actors.current(), RequestIds.current(), Actors.has(Role.TREASURY));
        }
    }

    boolean mayDebitSystem() {
        return caller.mayDebitSystem();
    }

    /** An instruction of the ledger's own, or as the registry keeps it: not limited to non-SYSTEM debits. */
    TransferInstruction(String transferId, String debitAccountId, String creditAccountId, Money amount,
                        String category, String description, String metadataJson, Long holdTimeoutSeconds) {
        this(transferId, debitAccountId, creditAccountId, amount, category, description, metadataJson,
                holdTimeoutSeconds, Caller.LEDGER);
    }

    TransferInstruction(String transferId, String debitAccountId, String creditAccountId, Money amount,
                        String category, String description, String metadataJson) {
        this(transferId, debitAccountId, creditAccountId, amount, category, description, metadataJson, null);
    }

    /** Whether the other asks for the same transfer, whoever asks. */
    boolean sameTransferAs(TransferInstruction other) {
        return transferId.equals(other.transferId) && debitAccountId.equals(other.debitAccountId)
                && creditAccountId.equals(other.creditAccountId) && amount.equals(other.amount)
                && java.util.Objects.equals(category, other.category)
                && java.util.Objects.equals(description, other.description)
                && java.util.Objects.equals(metadataJson, other.metadataJson)
                && java.util.Objects.equals(holdTimeoutSeconds, other.holdTimeoutSeconds);
    }

    boolean isHold() {
        return holdTimeoutSeconds != null;
    }
}
