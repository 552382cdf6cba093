package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.events.FreeText;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.RequestFields;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Checks a transfer request field by field and turns it into a {@link TransferInstruction}. */
@Component
class TransferRequests {

    static final int CATEGORY_LENGTH_MAX = FreeText.CATEGORY_LENGTH_MAX;
    static final int DESCRIPTION_LENGTH_MAX = FreeText.DESCRIPTION_LENGTH_MAX;
    /** The longest a hold may last: 30 days. */
    static final long HOLD_TIMEOUT_SECONDS_MAX = 30L * 24 * 60 * 60;

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
        Long holdTimeoutSeconds = holdTimeoutSeconds(request.pending());
        return new TransferInstruction(transferId, debitAccountId, creditAccountId, amount, category, description,
                metadata, holdTimeoutSeconds, TransferInstruction.Caller.ofCurrentRequest());
    }

    /** {@code pending}: absent for a transfer posted at once, else {@code {"timeoutSeconds": N}}. */
    private static Long holdTimeoutSeconds(JsonNode pending) {
        if (pending == null || pending.isNull()) {
            return null;
        }
        if (!pending.isObject()) {
            throw LedgerRejection.invalid("pending must be an object such as {\"timeoutSeconds\":300}");
        }
        JsonNode timeout = pending.get("timeoutSeconds");
        if (timeout == null || !timeout.isIntegralNumber() || !timeout.canConvertToLong()
                || timeout.asLong() < 1 || timeout.asLong() > HOLD_TIMEOUT_SECONDS_MAX) {
            throw LedgerRejection.invalid("pending.timeoutSeconds must be a whole number of seconds from 1 to "
                    + HOLD_TIMEOUT_SECONDS_MAX);
        }
        List<String> unknown = new ArrayList<>();
        pending.fieldNames().forEachRemaining(name -> {
            if (!name.equals("timeoutSeconds")) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new LedgerRejection(RejectionCode.UNKNOWN_FIELD, "pending has unknown fields: " + unknown
                    + "; its only field is timeoutSeconds");
        }
        return timeout.asLong();
    }
}
