package dev.microledger.ledger.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.RequestFields;
import dev.microledger.ledger.web.CommandRetries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;

@RestController
class AccountController {

    private final CommandGateway commands;
    private final Currencies currencies;
    private final CommandRetries retries;

    AccountController(CommandGateway commands, Currencies currencies, CommandRetries retries) {
        this.commands = commands;
        this.currencies = currencies;
        this.retries = retries;
    }

    record OpenAccountRequest(String currency, String kind, String creditLimit, JsonNode metadata) {
    }

    record AccountResponse(String accountId, String currency, String kind, String creditLimit, String status,
                           long version, JsonNode metadata) {
    }

    @PutMapping("/accounts/{accountId}")
    ResponseEntity<AccountResponse> open(@PathVariable String accountId, @RequestBody OpenAccountRequest request) {
        OpenAccountCommand command = parse(accountId, request);
        AccountView view = retries.run("open_account", () -> commands.sendAndWait(command));
        AccountResponse body = new AccountResponse(view.accountId(), view.currency(), view.kind().name(),
                currencies.format(view.creditLimitMinor(), view.currency()), view.status().name(), view.version(),
                RequestFields.metadataTree(view.metadataJson()));
        return ResponseEntity.status(view.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    private OpenAccountCommand parse(String accountId, OpenAccountRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request.currency() == null) {
            throw LedgerRejection.invalid("currency is required");
        }
        currencies.scaleOf(request.currency());
        AccountKind kind = parseKind(request.kind());
        String creditLimitText = request.creditLimit() == null ? "0" : request.creditLimit();
        Money creditLimit = currencies.parseNonNegative("creditLimit", creditLimitText, request.currency());
        return new OpenAccountCommand(accountId, request.currency(), kind, creditLimit.amountMinor(),
                RequestFields.canonicalMetadata(request.metadata()));
    }

    private static AccountKind parseKind(String kind) {
        if (kind == null) {
            throw LedgerRejection.invalid("kind is required: one of " + Arrays.toString(AccountKind.values()));
        }
        for (AccountKind candidate : AccountKind.values()) {
            if (candidate.name().equals(kind)) {
                return candidate;
            }
        }
        throw LedgerRejection.invalid("kind must be one of " + Arrays.toString(AccountKind.values()) + ": " + kind);
    }
}
