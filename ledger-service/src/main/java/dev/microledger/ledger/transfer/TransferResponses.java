package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.microledger.ledger.money.Currencies;
import org.springframework.stereotype.Component;

import java.util.Map;

/** The JSON body of a transfer, the same wherever a transfer is answered. */
@Component
class TransferResponses {

    /**
     * {@code expiresAt} is shown while a hold is pending, {@code postedAmount} once a hold is
     * posted; a transfer posted at once has neither.
     */
    record TransferResponse(String transferId, String status, String debitAccountId, String creditAccountId,
                            String amount, String currency, String category, String description, String createdAt,
                            Map<String, Long> versions,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String expiresAt,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String postedAmount,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String fee,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String feeAccountId) {
    }

    private final Currencies currencies;

    TransferResponses(Currencies currencies) {
        this.currencies = currencies;
    }

    TransferResponse body(TransferRecord record) {
        TransferInstruction instruction = record.instruction();
        String currency = instruction.amount().currency();
        return new TransferResponse(instruction.transferId(), record.status().name(), instruction.debitAccountId(),
                instruction.creditAccountId(), currencies.format(instruction.amount()), currency,
                instruction.category(), instruction.description(), record.createdAt().toString(), record.versions(),
                record.expiresAt() == null ? null : record.expiresAt().toString(),
                record.postedAmountMinor() == null ? null : currencies.format(record.postedAmountMinor(), currency),
                record.feeAccountId() == null ? null : currencies.format(record.feeMinor(), currency),
                record.feeAccountId());
    }

    /** A transfer as it stands now, for {@code GET /transfers/{id}}: what moved and what came back so far. */
    record TransferState(@com.fasterxml.jackson.annotation.JsonUnwrapped TransferResponse transfer, String refundedAmount) {
    }

    TransferState state(TransferRecord record) {
        TransferResponse body = body(record);
        String currency = record.instruction().amount().currency();
        long postedMinor = switch (record.status()) {
            case POSTED -> record.movedMinor();
            default -> 0;
        };
        TransferResponse withPosted = new TransferResponse(body.transferId(), body.status(), body.debitAccountId(),
                body.creditAccountId(), body.amount(), body.currency(), body.category(), body.description(),
                body.createdAt(), body.versions(), body.expiresAt(), currencies.format(postedMinor, currency), body.fee(),
                body.feeAccountId());
        return new TransferState(withPosted, currencies.format(record.refundedMinor(), currency));
    }
}
