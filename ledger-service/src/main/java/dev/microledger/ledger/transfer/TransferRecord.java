package dev.microledger.ledger.transfer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transfer the ledger accepted, as kept in the transfer registry: the request's fields (to
 * answer retries and spot conflicting reuse of the id) and the result (to answer retries with the
 * original body). A hold also has its expiry while pending and, once posted, the amount posted;
 * every transfer has the total refunded so far, and a payment to a merchant with a fee schedule the
 * fee the merchant paid and the account it went to.
 */
record TransferRecord(
        TransferInstruction instruction,
        TransferStatus status,
        Instant createdAt,
        long debitVersion,
        long creditVersion,
        Instant expiresAt,
        Long postedAmountMinor,
        long refundedMinor,
        long feeMinor,
        String feeAccountId,
        long feeAccountVersion) {

    TransferRecord(TransferInstruction instruction, TransferStatus status, Instant createdAt, long debitVersion,
                   long creditVersion) {
        this(instruction, status, createdAt, debitVersion, creditVersion, null, null, 0, 0, null, 0);
    }

    TransferRecord(TransferInstruction instruction, TransferStatus status, Instant createdAt, long debitVersion,
                   long creditVersion, Instant expiresAt, Long postedAmountMinor, long refundedMinor) {
        this(instruction, status, createdAt, debitVersion, creditVersion, expiresAt, postedAmountMinor, refundedMinor,
                0, null, 0);
    }

    /**
     * The same transfer with the fee its payee paid to {@code accountId}, whose version after it
     * was {@code accountVersion}.
     */
    TransferRecord withFee(long minor, String accountId, long accountVersion) {
        return new TransferRecord(instruction, status, createdAt, debitVersion, creditVersion, expiresAt,
                postedAmountMinor, refundedMinor, minor, accountId, accountVersion);
    }

    /**
     * The versions of the accounts after this transfer (read-your-writes tokens): the debit and
     * credit accounts', and the fee revenue account's when a fee was paid.
     */
    Map<String, Long> versions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put(instruction.debitAccountId(), debitVersion);
        versions.put(instruction.creditAccountId(), creditVersion);
        if (feeAccountId != null && feeAccountVersion > 0) {
            versions.put(feeAccountId, feeAccountVersion);
        }
        return versions;
    }

    /** The amount that moved: the transfer's amount, or for a posted hold the part posted. */
    long movedMinor() {
        return postedAmountMinor != null ? postedAmountMinor : instruction.amount().amountMinor();
    }

    String transferId() {
        return instruction.transferId();
    }

    /** Whether a request with this id asks for exactly this transfer. */
    boolean sameRequestAs(TransferInstruction other) {
        return instruction.sameTransferAs(other);
    }
}
