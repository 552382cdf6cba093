package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.microledger.events.InstantText;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.ledger.web.ProblemResponses;
import dev.microledger.ledger.web.RequestFields;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;

/** Merchant payouts on demand: the settled balance up to a cutoff moves to a SYSTEM payout account. */
@RestController
@Tag(name = "Settlements", description = "Merchant payouts on demand (role treasury)")
class SettlementController {

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final Currencies currencies;

    SettlementController(CommandGateway commands, CommandRetries retries, Currencies currencies) {
        this.commands = commands;
        this.retries = retries;
        this.currencies = currencies;
    }

    record SettlementRequest(
            @Schema(description = "The MERCHANT account paid out", example = "news-co") String merchantAccountId,
            @Schema(description = "The SYSTEM account of the same currency the payout goes to", example = "payouts")
            String payoutAccountId,
            @Schema(description = "Settle what was posted up to this ISO-8601 UTC time, not in the future; now when "
                    + "absent", example = "2026-12-01T00:00:00Z") String cutoff) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SettlementResponse(String settlementId, String merchantAccountId, String cutoff, long count, String gross,
                              String fees, String refunds, String net, String currency, String payoutAccountId,
                              String createdAt, Map<String, Long> versions) {
    }

    @Operation(summary = "Pay a merchant out",
            description = "Moves the merchant's settled balance up to cutoff (gross minus fees and refunds) to the "
                    + "payout account. 201 with the settlement; 200 {\"settlementId\":null} when nothing is due or the "
                    + "net is below the merchant's minimum payout. Role: treasury.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = SettlementRequest.class),
                    examples = @ExampleObject(name = "up to now", value = TransferExamples.SETTLEMENT))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Settled", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = SettlementResponse.class),
                            examples = @ExampleObject(name = "up to now", value = TransferExamples.SETTLED))),
                    @ApiResponse(responseCode = "200", description = "Nothing due: only settlementId, null",
                            content = @Content(mediaType = "application/json",
                                    schema = @Schema(implementation = SettlementResponse.class),
                                    examples = @ExampleObject(name = "nothing due",
                                            value = TransferExamples.NOTHING_SETTLED)))})
    @PostMapping("/settlements")
    ResponseEntity<?> settle(@RequestBody SettlementRequest request) {
        if (request == null) {
            throw LedgerRejection.invalid("a settlement object is required");
        }
        String merchantAccountId = RequestFields.requireId("merchantAccountId", request.merchantAccountId());
        String payoutAccountId = RequestFields.requireId("payoutAccountId", request.payoutAccountId());
        Instant cutoff = null;
        if (request.cutoff() != null) {
            try {
                cutoff = InstantText.parse(request.cutoff());
            } catch (DateTimeParseException e) {
                throw LedgerRejection.invalid("cutoff must be an ISO-8601 UTC time such as 2026-12-01T00:00:00Z");
            }
        }
        SettlementCommandHandler.Settle command = new SettlementCommandHandler.Settle(merchantAccountId,
                payoutAccountId, cutoff);
        SettlementCommandHandler.Result result = retries.run("settle", () -> commands.sendAndWait(command));
        if (result.rejection() != null) {
            return ProblemResponses.response(ProblemResponses.problem(result.rejection()));
        }
        if (result.settlementId() == null) {
            return ResponseEntity.ok(Collections.singletonMap("settlementId", null));
        }
        String currency = result.currency();
        return ResponseEntity.status(HttpStatus.CREATED).body(new SettlementResponse(result.settlementId(),
                merchantAccountId, result.cutoff().toString(), result.due().count(),
                currencies.format(result.due().grossMinor(), currency), currencies.format(result.due().feesMinor(), currency),
                currencies.format(result.due().refundsMinor(), currency),
                currencies.format(result.due().netMinor(), currency), currency, payoutAccountId,
                result.createdAt().toString(), result.versions()));
    }
}
