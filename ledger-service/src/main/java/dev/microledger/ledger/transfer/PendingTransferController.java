package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Posting and voiding pending transfers (holds). */
@RestController
@Tag(name = "Holds", description = "Posting and voiding pending transfers (roles payments and treasury)")
class PendingTransferController {

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final TransferRegistry registry;
    private final Currencies currencies;
    private final TransferResponses responses;

    PendingTransferController(CommandGateway commands, CommandRetries retries, TransferRegistry registry,
                              Currencies currencies, TransferResponses responses) {
        this.commands = commands;
        this.retries = retries;
        this.registry = registry;
        this.currencies = currencies;
        this.responses = responses;
    }

    record PostRequest(
            @Schema(description = "At most the held amount; the rest is released. The whole hold when absent",
                    example = "3.99") String amount,
            @Schema(description = "The client's own references: a JSON object") JsonNode metadata) {
    }

    @Operation(summary = "Post a hold, in full or in part",
            description = "Moves the held amount, or the smaller amount given, from the debit to the credit account "
                    + "and releases the rest. A transfer that is not pending (posted, voided, expired) is 422 "
                    + "transfer_not_pending. Roles: payments or treasury.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PostRequest.class),
                    examples = @ExampleObject(name = "part", summary = "Post 3.99 of a 4.99 hold",
                            value = TransferExamples.POST_HOLD))),
            responses = @ApiResponse(responseCode = "200", description = "The transfer, now POSTED", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = TransferResponses.TransferResponse.class),
                    examples = @ExampleObject(name = "part", value = TransferExamples.HOLD_POSTED))))
    @PostMapping("/transfers/{transferId}/post")
    ResponseEntity<?> post(@PathVariable String transferId, @RequestBody(required = false) PostRequest request) {
        RequestFields.requireId("transferId", transferId);
        Long amountMinor = null;
        if (request != null && request.amount() != null) {
            // The amount is in the transfer's currency, so the transfer is looked up to parse it.
            TransferRecord record = registry.find(transferId)
                    .orElseThrow(() -> HoldCommandHandler.transferNotFound(transferId));
            amountMinor = currencies.parsePositive("amount", request.amount(),
                    record.instruction().amount().currency()).amountMinor();
        }
        HoldCommands.PostHold command = new HoldCommands.PostHold(transferId, amountMinor);
        return answer(retries.run("post_hold", () -> commands.sendAndWait(command)));
    }

    @Operation(summary = "Void a hold",
            description = "Releases the held amount on the debit account; nothing moves. A transfer that is not "
                    + "pending is 422 transfer_not_pending. Roles: payments or treasury.",
            responses = @ApiResponse(responseCode = "200", description = "The transfer, now VOIDED", content = @Content(
                    mediaType = "application/json",
                    schema = @Schema(implementation = TransferResponses.TransferResponse.class))))
    @PostMapping("/transfers/{transferId}/void")
    ResponseEntity<?> voidHold(@PathVariable String transferId) {
        RequestFields.requireId("transferId", transferId);
        HoldCommands.VoidHold command = new HoldCommands.VoidHold(transferId);
        return answer(retries.run("void_hold", () -> commands.sendAndWait(command)));
    }

    private ResponseEntity<?> answer(HoldCommands.Result result) {
        LedgerRejection rejection = result.rejection();
        if (rejection != null) {
            return ProblemResponses.response(ProblemResponses.problem(rejection));
        }
        return ResponseEntity.ok(responses.body(result.record()));
    }
}
