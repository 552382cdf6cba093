package dev.microledger.ledger.transfer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refund the ledger posted. {@code requestedAmountMinor} is what the request asked for (null:
 * the rest of the transfer), kept to recognise a retry; {@code amountMinor} is what moved.
 * {@code debitVersion} is the payee's version after it, {@code creditVersion} the payer's, and
 * {@code feeAccountVersion} the fee revenue account's when a fee came back (else 0).
 */
record RefundRecord(
        String refundId,
        String transferId,
        Long requestedAmountMinor,
        long amountMinor,
        String currency,
        Instant createdAt,
        long debitVersion,
        long creditVersion,
        long feeReturnedMinor,
        long feeAccountVersion) {

    /** The accounts' versions after the refund: the payee's, the payer's, and the fee account's if any. */
    Map<String, Long> versions(String payeeId, String payerId, String feeAccountId) {
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put(payeeId, debitVersion);
        versions.put(payerId, creditVersion);
        if (feeAccountId != null && feeAccountVersion > 0) {
            versions.put(feeAccountId, feeAccountVersion);
        }
        return versions;
    }

    boolean sameRequestAs(String otherTransferId, Long otherRequestedMinor) {
        return transferId.equals(otherTransferId) && Objects.equals(requestedAmountMinor, otherRequestedMinor);
    }
}
