package dev.microledger.query.spending;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.web.CalendarParameters;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.OptionalLong;

/** An account's spending summary for a month or a range of days in its time zone. */
@RestController
@Tag(name = "Spending", description = "What an account spent, against its budget and limits (roles support and analyst)")
class SpendingController {

    /** The longest period one summary covers: a year, leap day included. */
    static final int PERIOD_DAYS_MAX = 366;

    private final AccountLookup accounts;
    private final SpendingProfiles profiles;
    private final SpendingQueries queries;
    private final Clock clock;

    SpendingController(AccountLookup accounts, SpendingProfiles profiles, SpendingQueries queries, Clock clock) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(description = "A month, or from and to (at most 366 days), in calendar days of the account's time zone; the "
            + "current month without either. budget is null without a budget; amounts are decimal strings. "
            + "minVersion waits as on GET /accounts/{accountId}. Roles: support or analyst.",
            summary = "What the account spent and received in a period of days of its time zone, by category, "
            + "payee and day, against the previous period, its budget and its limits")
    @GetMapping("/accounts/{accountId}/spending")
    public SpendingSummary spending(@PathVariable String accountId,
                                    @Parameter(description = "A calendar month as YYYY-MM; not with from and to. "
                                            + "Without month, from and to: the current month")
                                    @RequestParam(required = false) String month,
                                    @Parameter(description = "The first day as YYYY-MM-DD; with to")
                                    @RequestParam(required = false) String from,
                                    @Parameter(description = "The last day as YYYY-MM-DD, included; at most 366 days "
                                            + "after from")
                                    @RequestParam(required = false) String to,
                                    @Parameter(description = AccountLookup.MIN_VERSION)
                                    @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        OptionalLong version = RequestChecks.minVersion(minVersion);
        PeriodRequest period = PeriodRequest.parse(month, from, to);
        AccountRow account = accounts.require(id, version);
        SpendingProfile profile = profiles.find(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), profile.zone());
        LocalDate first = period.from != null ? period.from : YearMonth.from(today).atDay(1);
        LocalDate last = period.to != null ? period.to : YearMonth.from(today).atEndOfMonth();
        return queries.summarize(account, profile, first, last, today);
    }

    /** The period as asked for; both ends null for the default, the current month. */
    record PeriodRequest(LocalDate from, LocalDate to) {

        static PeriodRequest parse(String month, String from, String to) {
            if (month != null && (from != null || to != null)) {
                throw invalid("give either month or from and to, not both");
            }
            if (month != null) {
                YearMonth parsed = CalendarParameters.month("month", month);
                return new PeriodRequest(parsed.atDay(1), parsed.atEndOfMonth());
            }
            if (from == null && to == null) {
                return new PeriodRequest(null, null);
            }
            if (from == null || to == null) {
                throw invalid("from and to go together: give both days, or month, or neither for the current month");
            }
            LocalDate first = CalendarParameters.date("from", from);
            LocalDate last = CalendarParameters.date("to", to);
            if (last.isBefore(first)) {
                throw invalid("to (" + to + ") is before from (" + from + ")");
            }
            if (last.toEpochDay() - first.toEpochDay() + 1 > PERIOD_DAYS_MAX) {
                throw invalid("the period from " + from + " to " + to + " is longer than " + PERIOD_DAYS_MAX + " days");
            }
            return new PeriodRequest(first, last);
        }

        private static QueryProblem invalid(String detail) {
            return new QueryProblem(ProblemCode.VALIDATION_FAILED, detail);
        }
    }
}
