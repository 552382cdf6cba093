package dev.microledger.query.statement;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.spending.SpendingProfiles;
import dev.microledger.query.web.CalendarParameters;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.OptionalLong;

/** An account's consolidated monthly statement, the month in the account's time zone. */
@RestController
class StatementController {

    private final AccountLookup accounts;
    private final SpendingProfiles profiles;
    private final StatementQueries queries;
    private final Clock clock;

    StatementController(AccountLookup accounts, SpendingProfiles profiles, StatementQueries queries, Clock clock) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(summary = "The month's opening and closing balance, payments, refunds and top-ups, and for a postpaid "
            + "account the amount due")
    @GetMapping("/accounts/{accountId}/statements")
    public MonthlyStatement statement(@PathVariable String accountId,
                                      @Parameter(description = "A calendar month as YYYY-MM; the current month when absent")
                                      @RequestParam(required = false) String month,
                                      @Parameter(description = AccountLookup.MIN_VERSION)
                                      @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        OptionalLong version = RequestChecks.minVersion(minVersion);
        YearMonth asked = month == null ? null : CalendarParameters.month("month", month);
        AccountRow account = accounts.require(id, version);
        ZoneId zone = profiles.find(id).zone();
        YearMonth statementMonth = asked != null ? asked : YearMonth.from(clock.instant().atZone(zone));
        return queries.statement(account, statementMonth, zone);
    }
}
