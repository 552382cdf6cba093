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

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;

/** Merchant payouts on demand: the settled balance up to a cutoff moves to a SYSTEM payout account. */
@RestController
class SettlementController {

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final Currencies currencies;

    SettlementController(CommandGateway commands, CommandRetries retries, Currencies currencies) {
        this.commands = commands;
        this.retries = retries;
        this.currencies = currencies;
    }

    record SettlementRequest(String merchantAccountId, String payoutAccountId, String cutoff) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SettlementResponse(String settlementId, String merchantAccountId, String cutoff, long count, String gross,
                              String fees, String refunds, String net, String currency, String payoutAccountId,
                              String createdAt, Map<String, Long> versions) {
    }

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
