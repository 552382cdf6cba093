package dev.microledger.ledger.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.RequestFields;
import dev.microledger.ledger.web.CommandRetries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@RestController
@Tag(name = "Accounts", description = "Opening accounts, their state, spending limits and budgets (role accounts)")
class AccountController {

    /** A velocity limit above this would need more memory per account than it is worth. */
    static final int PER_MINUTE_COUNT_MAX = 1000;
    static final int ALERT_THRESHOLDS_MAX = 10;

    private final CommandGateway commands;
    private final Currencies currencies;
    private final CommandRetries retries;

    AccountController(CommandGateway commands, Currencies currencies, CommandRetries retries) {
        this.commands = commands;
        this.currencies = currencies;
        this.retries = retries;
    }

    record OpenAccountRequest(
            @Schema(description = "One of the configured currency codes", example = "USD") String currency,
            @Schema(description = "USER, MERCHANT or SYSTEM", example = "USER") String kind,
            @Schema(description = "How far below zero the balance may go (postpaid), a decimal string; \"0\" when "
                    + "absent; ignored for SYSTEM, which has no floor", example = "0") String creditLimit,
            @Schema(description = "The client's own references: a JSON object of at most 4096 characters")
            JsonNode metadata) {
    }

    record AccountResponse(String accountId, String currency, String kind, String creditLimit, String status,
                           long version, JsonNode metadata) {
    }

    record LimitsRequest(
            @Schema(description = "Most one outgoing payment may move; no limit when absent") String perTransfer,
            @Schema(description = "Most outgoing payments may move in a calendar day of timezone") String daily,
            @Schema(description = "Most outgoing payments may move in a calendar month of timezone") String monthly,
            @Schema(implementation = Integer.class, description = "Most outgoing payments in any 60 s, 1 to 1000")
            JsonNode perMinuteCount,
            @Schema(description = "IANA time zone of the daily and monthly windows; UTC when absent",
                    example = "Asia/Seoul") String timezone) {
    }

    record LimitsResponse(String accountId, String perTransfer, String daily, String monthly,
                          Integer perMinuteCount, String timezone, long version) {
    }

    record BudgetRequest(
            @Schema(description = "The target for a calendar month, a decimal string", example = "30") String monthly,
            @Schema(implementation = BigDecimal[].class, description = "Shares of the budget that raise an alert, "
                    + "above 0 and at most 10, at most 10 of them", example = "[0.5,0.8,1.0]")
            JsonNode alertThresholds) {
    }

    record BudgetResponse(String accountId, String monthly, List<BigDecimal> alertThresholds, long version) {
    }

    @Operation(summary = "Open an account",
            description = "Opens the account accountId (chosen by the client) with its currency and kind: USER, "
                    + "MERCHANT or SYSTEM. creditLimit is how far below zero a USER or MERCHANT balance may go. 201 on "
                    + "create; the same request again answers 200 with the same body; other fields for an existing id "
                    + "are 409 account_exists_with_different_fields. Role: accounts.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = OpenAccountRequest.class),
                    examples = {
                            @ExampleObject(name = "user", summary = "A payer (PUT /accounts/alice)",
                                    value = AccountExamples.OPEN_USER),
                            @ExampleObject(name = "system", summary = "A funding account (PUT /accounts/funding)",
                                    value = AccountExamples.OPEN_SYSTEM)})),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Opened", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class),
                            examples = {
                                    @ExampleObject(name = "user", value = AccountExamples.OPENED_USER),
                                    @ExampleObject(name = "system", value = AccountExamples.OPENED_SYSTEM)})),
                    @ApiResponse(responseCode = "200", description = "Already open with the same fields", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class)))})
    @PutMapping("/accounts/{accountId}")
    ResponseEntity<AccountResponse> open(@PathVariable String accountId, @RequestBody OpenAccountRequest request) {
        OpenAccountCommand command = parse(accountId, request);
        AccountView view = retries.run("open_account", () -> commands.sendAndWait(command));
        return ResponseEntity.status(view.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body(view));
    }

    @Operation(summary = "Freeze an account",
            description = "A frozen account neither sends nor receives (account_frozen) until it is unfrozen; "
                    + "freezing a frozen account changes nothing. Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The account after the change", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class),
                    examples = @ExampleObject(name = "frozen", value = AccountExamples.FROZEN))))
    @PostMapping("/accounts/{accountId}/freeze")
    AccountResponse freeze(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.FROZEN, "freeze_account"));
    }

    @Operation(summary = "Unfreeze an account",
            description = "The account sends and receives again; a closed account stays closed (account_closed). "
                    + "Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The account after the change", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class))))
    @PostMapping("/accounts/{accountId}/unfreeze")
    AccountResponse unfreeze(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.OPEN, "unfreeze_account"));
    }

    @Operation(summary = "Close an account",
            description = "Needs a zero balance and no pending holds (account_balance_not_zero); a closed account "
                    + "refuses everything from then on (account_closed). Role: accounts.",
            responses = @ApiResponse(responseCode = "200", description = "The account after the change", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AccountResponse.class))))
    @PostMapping("/accounts/{accountId}/close")
    AccountResponse close(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.CLOSED, "close_account"));
    }

    @Operation(summary = "Set an account's spending limits",
            description = "Limits on outgoing payments, each optional (absent: no limit): per transfer, per calendar "
                    + "day and month in timezone, and a count per minute. A payment that would exceed one is 422 "
                    + "limit_exceeded with limit, layer and remaining. Replaces the previous limits. Role: accounts.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = LimitsRequest.class),
                    examples = @ExampleObject(name = "limits", value = AccountExamples.LIMITS))),
            responses = @ApiResponse(responseCode = "200", description = "The limits now in force", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = LimitsResponse.class),
                    examples = @ExampleObject(name = "limits", value = AccountExamples.LIMITS_SET))))
    @PutMapping("/accounts/{accountId}/limits")
    LimitsResponse setLimits(@PathVariable String accountId, @RequestBody LimitsRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request == null) {
            throw LedgerRejection.invalid("a limits object is required");
        }
        // The amounts are in the account's currency, which only the account knows.
        String currency = send("read_account", accountId, new ReadAccountCommand(accountId)).currency();
        AccountLimits limits = new AccountLimits(
                optionalAmount("perTransfer", request.perTransfer(), currency),
                optionalAmount("daily", request.daily(), currency),
                optionalAmount("monthly", request.monthly(), currency),
                perMinuteCount(request.perMinuteCount()),
                timezone(request.timezone()));
        AccountView view = send("set_limits", accountId, new SetAccountLimitsCommand(accountId, limits));
        AccountLimits set = view.limits();
        return new LimitsResponse(accountId, format(set.perTransferMinor(), currency), format(set.dailyMinor(), currency),
                format(set.monthlyMinor(), currency), set.perMinuteCount(), set.timezone(), view.version());
    }

    @Operation(summary = "Set an account's monthly budget",
            description = "A spending-awareness target for a calendar month with the shares of it that raise alerts; "
                    + "it never blocks a payment (query-service alerts on it). Role: accounts.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = BudgetRequest.class),
                    examples = @ExampleObject(name = "budget", value = AccountExamples.BUDGET))),
            responses = @ApiResponse(responseCode = "200", description = "The budget now in force", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = BudgetResponse.class),
                    examples = @ExampleObject(name = "budget", value = AccountExamples.BUDGET_SET))))
    @PutMapping("/accounts/{accountId}/budget")
    BudgetResponse setBudget(@PathVariable String accountId, @RequestBody BudgetRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request == null || request.monthly() == null) {
            throw LedgerRejection.invalid("monthly is required: the budget for a calendar month");
        }
        String currency = send("read_account", accountId, new ReadAccountCommand(accountId)).currency();
        long monthly = currencies.parsePositive("monthly", request.monthly(), currency).amountMinor();
        AccountBudget budget = new AccountBudget(monthly, thresholds(request.alertThresholds()));
        AccountView view = send("set_budget", accountId, new SetAccountBudgetCommand(accountId, budget));
        return new BudgetResponse(accountId, currencies.format(view.budget().monthlyMinor(), currency),
                view.budget().alertThresholds(), view.version());
    }

    private AccountView changeStatus(String accountId, AccountStatus status, String type) {
        RequestFields.requireId("accountId", accountId);
        return send(type, accountId, new ChangeAccountStatusCommand(accountId, status));
    }

    private AccountView send(String type, String accountId, Object command) {
        try {
            return retries.run(type, () -> commands.sendAndWait(command));
        } catch (AggregateNotFoundException missing) {
            throw LedgerRejection.accountNotFound(accountId);
        }
    }

    private AccountResponse body(AccountView view) {
        return new AccountResponse(view.accountId(), view.currency(), view.kind().name(),
                currencies.format(view.creditLimitMinor(), view.currency()), view.status().name(), view.version(),
                RequestFields.metadataTree(view.metadataJson()));
    }

    private Long optionalAmount(String field, String text, String currency) {
        return text == null ? null : currencies.parsePositive(field, text, currency).amountMinor();
    }

    private String format(Long amountMinor, String currency) {
        return amountMinor == null ? null : currencies.format(amountMinor, currency);
    }

    private static Integer perMinuteCount(JsonNode count) {
        if (count == null || count.isNull()) {
            return null;
        }
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 1
                || count.asInt() > PER_MINUTE_COUNT_MAX) {
            throw LedgerRejection.invalid("perMinuteCount must be a whole number from 1 to " + PER_MINUTE_COUNT_MAX);
        }
        return count.asInt();
    }

    private static String timezone(String timezone) {
        if (timezone == null) {
            return AccountLimits.DEFAULT_TIMEZONE;
        }
        try {
            return ZoneId.of(timezone).getId();
        } catch (DateTimeException e) {
            throw LedgerRejection.invalid("timezone must be an IANA time zone such as Asia/Seoul: " + timezone);
        }
    }

    private static List<BigDecimal> thresholds(JsonNode thresholds) {
        if (thresholds == null || thresholds.isNull()) {
            return List.of();
        }
        if (!thresholds.isArray() || thresholds.size() > ALERT_THRESHOLDS_MAX) {
            throw LedgerRejection.invalid("alertThresholds must be a list of at most " + ALERT_THRESHOLDS_MAX
                    + " numbers");
        }
        List<BigDecimal> values = new ArrayList<>();
        for (JsonNode threshold : thresholds) {
            if (!threshold.isNumber() || threshold.decimalValue().signum() <= 0
                    || threshold.decimalValue().compareTo(BigDecimal.TEN) > 0) {
                throw LedgerRejection.invalid("each alert threshold must be a number above 0 and at most 10 "
                        + "(a share of the budget, 0.8 for 80 %): " + threshold);
            }
            values.add(threshold.decimalValue());
        }
        // Without trailing zeros before dropping repeats: 0.5 and 0.50 are the same threshold.
        return values.stream().map(BigDecimal::stripTrailingZeros).sorted().distinct().toList();
    }

    private OpenAccountCommand parse(String accountId, OpenAccountRequest request) {
        RequestFields.requireId("accountId", accountId);
        if (request.currency() == null) {
            throw LedgerRejection.invalid("currency is required");
        }
        currencies.scaleOf(request.currency());
        AccountKind kind = parseKind(request.kind());
        String creditLimitText = request.creditLimit() == null ? "0" : request.creditLimit();
        Money creditLimit = currencies.parseCreditLimit("creditLimit", creditLimitText, request.currency());
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
