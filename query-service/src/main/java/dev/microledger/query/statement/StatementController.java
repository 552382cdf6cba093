package dev.microledger.query.statement;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.spending.SpendingProfiles;
import dev.microledger.query.web.CalendarParameters;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Statements", description = "The consolidated monthly statement (roles support and analyst)")
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

    /** From the README's session on spending, alerts and statements. */
    private static final String STATEMENT_EXAMPLE = """
            {"accountId":"alice","month":"2026-11","openingBalance":"0","payments":"4.5075","refunds":"0.5",\
            "topUps":"20","refundsPaid":"0","closingBalance":"15.9925","amountDue":"0","currency":"USD",\
            "timezone":"Asia/Seoul","from":"2026-10-31T15:00:00Z","to":"2026-11-30T15:00:00Z"}""";

    @Operation(responses = @ApiResponse(responseCode = "200", description = "The statement", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = MonthlyStatement.class),
            examples = @ExampleObject(name = "alice", summary = "November of alice", value = STATEMENT_EXAMPLE))),
            description = "The calendar month in the account's time zone: opening balance, payments, refunds, top-ups and "
            + "closing balance, and for a postpaid account the amount due. minVersion waits as on GET "
            + "/accounts/{accountId}. Roles: support or analyst.",
            summary = "The month's opening and closing balance, payments, refunds and top-ups, and for a postpaid "
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
