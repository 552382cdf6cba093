package dev.microledger.ledger.transfer;

import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.ledger.web.ProblemResponses;
import dev.microledger.ledger.web.RequestFields;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Refunds of posted transfers, partial or full, idempotent on the client's refund id. */
@RestController
class RefundController {

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final TransferRegistry registry;
    private final Currencies currencies;

    RefundController(CommandGateway commands, CommandRetries retries, TransferRegistry registry,
                     Currencies currencies) {
        this.commands = commands;
        this.retries = retries;
        this.registry = registry;
        this.currencies = currencies;
    }

    record RefundRequest(String refundId, String amount) {
    }

    record RefundResponse(String refundId, String transferId, String amount, String currency, String status,
                          String createdAt, Map<String, Long> versions,
                          @com.fasterxml.jackson.annotation.JsonInclude(
                                  com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String fee) {
    }

    @PostMapping("/transfers/{transferId}/refunds")
    ResponseEntity<?> refund(@PathVariable String transferId, @RequestBody RefundRequest request) {
        RequestFields.requireId("transferId", transferId);
        if (request == null) {
            throw LedgerRejection.invalid("a refund object is required");
        }
        String refundId = RequestFields.requireId("refundId", request.refundId());
        TransferRecord transfer = registry.find(transferId)
                .orElseThrow(() -> HoldCommandHandler.transferNotFound(transferId));
        Long amountMinor = request.amount() == null ? null
                : currencies.parsePositive("amount", request.amount(), transfer.instruction().amount().currency())
                .amountMinor();
        RefundCommandHandler.RefundTransfer command = new RefundCommandHandler.RefundTransfer(refundId, transferId,
                amountMinor);
        RefundCommandHandler.Result result = retries.run("refund", () -> commands.sendAndWait(command));
        if (result.rejection() != null) {
            return ProblemResponses.response(ProblemResponses.problem(result.rejection()));
        }
        RefundRecord refund = result.record();
        Map<String, Long> versions = refund.versions(result.original().creditAccountId(),
                result.original().debitAccountId(), transfer.feeAccountId());
        RefundResponse body = new RefundResponse(refund.refundId(), refund.transferId(),
                currencies.format(refund.amountMinor(), refund.currency()), refund.currency(), "POSTED",
                refund.createdAt().toString(), versions, transfer.feeAccountId() == null ? null
                : currencies.format(refund.feeReturnedMinor(), refund.currency()));
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(body);
    }
}
