package dev.microledger.ledger.transfer;

import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.RequestFields;
import org.springframework.stereotype.Component;

/** Checks a transfer request field by field and turns it into a {@link TransferInstruction}. */
@Component
class TransferRequests {

    static final int CATEGORY_LENGTH_MAX = 64;
    static final int DESCRIPTION_LENGTH_MAX = 256;

    private final Currencies currencies;

    TransferRequests(Currencies currencies) {
        this.currencies = currencies;
    }

    TransferInstruction parse(TransferController.TransferRequest request) {
        String transferId = RequestFields.requireId("transferId", request.transferId());
        String debitAccountId = RequestFields.requireId("debitAccountId", request.debitAccountId());
        String creditAccountId = RequestFields.requireId("creditAccountId", request.creditAccountId());
        if (request.currency() == null) {
            throw LedgerRejection.invalid("currency is required");
        }
        Money amount = currencies.parsePositive("amount", request.amount(), request.currency());
        String category = RequestFields.optionalText("category", request.category(), CATEGORY_LENGTH_MAX);
        String description = RequestFields.optionalText("description", request.description(), DESCRIPTION_LENGTH_MAX);
        String metadata = RequestFields.canonicalMetadata(request.metadata());
        if (request.pending() != null && !request.pending().isNull()) {
            throw new LedgerRejection(RejectionCode.NOT_SUPPORTED, "pending transfers (holds) are not supported yet");
        }
        return new TransferInstruction(transferId, debitAccountId, creditAccountId, amount, category, description,
                metadata);
    }
}
