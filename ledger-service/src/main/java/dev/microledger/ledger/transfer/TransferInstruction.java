package dev.microledger.ledger.transfer;

import dev.microledger.ledger.money.Money;

/**
 * One requested transfer, validated at the edge: ids are well formed, the amount is positive
 * and exact in its currency. {@code metadataJson} is canonical JSON text (keys sorted), so two
 * requests with the same metadata compare equal as strings. {@code holdTimeoutSeconds} is set
 * for a pending transfer (a hold) and null for one posted at once.
 */
record TransferInstruction(
        String transferId,
        String debitAccountId,
        String creditAccountId,
        Money amount,
        String category,
        String description,
        String metadataJson,
        Long holdTimeoutSeconds) {

    TransferInstruction(String transferId, String debitAccountId, String creditAccountId, Money amount,
                        String category, String description, String metadataJson) {
        this(transferId, debitAccountId, creditAccountId, amount, category, description, metadataJson, null);
    }

    boolean isHold() {
        return holdTimeoutSeconds != null;
    }
}
