package dev.microledger.ledger.transfer;

import java.time.Instant;
import java.util.Objects;

/**
 * A refund the ledger posted. {@code requestedAmountMinor} is what the request asked for (null:
 * the rest of the transfer), kept to recognise a retry; {@code amountMinor} is what moved.
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
        long feeReturnedMinor) {

    boolean sameRequestAs(String otherTransferId, Long otherRequestedMinor) {
        return transferId.equals(otherTransferId) && Objects.equals(requestedAmountMinor, otherRequestedMinor);
    }
}
