package dev.microledger.ledger.transfer;

import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.ledger.web.ProblemResponses;
import dev.microledger.ledger.web.RequestFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Refunds", description = "Money back from the merchant to the payer (roles payments and treasury)")
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

    record RefundRequest(
            @Schema(description = "Chosen by the client, the idempotency key; shares one id space with transfers",
                    example = "sword-1-refund") String refundId,
            @Schema(description = "At most what is not refunded yet; all of it when absent", example = "1")
            String amount) {
    }

    record RefundResponse(String refundId, String transferId, String amount, String currency, String status,
                          String createdAt, Map<String, Long> versions,
                          @com.fasterxml.jackson.annotation.JsonInclude(
                                  com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String fee) {
    }

    @Operation(summary = "Refund a posted transfer, in full or in part",
            description = "Moves money back from the credit to the debit account; a fee the payment paid is returned "
                    + "in proportion (fee in the answer). More than is left to refund is 422 refund_exceeds_transfer. "
                    + "Idempotent on refundId: the same request again answers 200 with the original body. Roles: "
                    + "payments or treasury.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = RefundRequest.class),
                    examples = @ExampleObject(name = "part", summary = "Refund 1 of a payment",
                            value = TransferExamples.REFUND))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Refunded", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = RefundResponse.class),
                            examples = {
                                    @ExampleObject(name = "part", value = TransferExamples.REFUNDED),
                                    @ExampleObject(name = "with a fee returned",
                                            value = TransferExamples.REFUNDED_WITH_FEE)})),
                    @ApiResponse(responseCode = "200", description = "The same request again: the original answer",
                            content = @Content(mediaType = "application/json",
                                    schema = @Schema(implementation = RefundResponse.class)))})
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
