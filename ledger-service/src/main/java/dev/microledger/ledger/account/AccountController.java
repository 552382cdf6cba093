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

    record OpenAccountRequest(String currency, String kind, String creditLimit, JsonNode metadata) {
    }

    record AccountResponse(String accountId, String currency, String kind, String creditLimit, String status,
                           long version, JsonNode metadata) {
    }

    record LimitsRequest(String perTransfer, String daily, String monthly, JsonNode perMinuteCount,
                         String timezone) {
    }

    record LimitsResponse(String accountId, String perTransfer, String daily, String monthly,
                          Integer perMinuteCount, String timezone, long version) {
    }

    record BudgetRequest(String monthly, JsonNode alertThresholds) {
    }

    record BudgetResponse(String accountId, String monthly, List<BigDecimal> alertThresholds, long version) {
    }

    @PutMapping("/accounts/{accountId}")
    ResponseEntity<AccountResponse> open(@PathVariable String accountId, @RequestBody OpenAccountRequest request) {
        OpenAccountCommand command = parse(accountId, request);
        AccountView view = retries.run("open_account", () -> commands.sendAndWait(command));
        return ResponseEntity.status(view.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body(view));
    }

    @PostMapping("/accounts/{accountId}/freeze")
    AccountResponse freeze(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.FROZEN, "freeze_account"));
    }

    @PostMapping("/accounts/{accountId}/unfreeze")
    AccountResponse unfreeze(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.OPEN, "unfreeze_account"));
    }

    @PostMapping("/accounts/{accountId}/close")
    AccountResponse close(@PathVariable String accountId) {
        return body(changeStatus(accountId, AccountStatus.CLOSED, "close_account"));
    }

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
