package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.ledger.web.ProblemResponses;
import dev.microledger.ledger.web.RequestFields;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Posting and voiding pending transfers (holds). */
@RestController
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

    record PostRequest(String amount, JsonNode metadata) {
    }

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
