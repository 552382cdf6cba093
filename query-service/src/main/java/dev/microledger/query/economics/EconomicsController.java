package dev.microledger.query.economics;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.analytics.Csv;
import dev.microledger.query.analytics.Period;
import dev.microledger.query.analytics.ReportFormat;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Bills of postpaid accounts and merchant settlements, in JSON or as CSV. */
@RestController
@Tag(name = "Bills and settlements", description = "Bills of postpaid accounts and merchant settlements, JSON or CSV (roles support and analyst)")
public class EconomicsController {

    static final int BILLS_DEFAULT = 24;
    static final int BILLS_MAX = 120;
    static final int SETTLEMENTS_DEFAULT = 100;
    static final int SETTLEMENTS_MAX = 1000;
    static final int SETTLEMENT_PERIOD_DAYS_DEFAULT = 90;
    static final int SETTLEMENT_PERIOD_DAYS_MAX = 366;
    private static final String FORMAT = "json or csv; takes precedence over the Accept header";

    static final int SAVINGS_PERIOD_DAYS_DEFAULT = 30;
    static final int SAVINGS_PERIOD_DAYS_MAX = 366;
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,8})?");

    private final AccountLookup accounts;
    private final EconomicsQueries queries;
    private final SavingsQueries savings;
    private final CardFeeModel cardFees;
    private final Clock clock;

    EconomicsController(AccountLookup accounts, EconomicsQueries queries, SavingsQueries savings, CardFeeModel cardFees,
                        Clock clock) {
        this.accounts = accounts;
        this.queries = queries;
        this.savings = savings;
        this.cardFees = cardFees;
        this.clock = clock;
    }

    record BillList(String accountId, List<EconomicsQueries.Bill> bills) {
    }

    record SettlementList(List<EconomicsQueries.Settlement> settlements, Instant from, Instant to) {
    }

    @Operation(description = "Newest first, with overdue, issuedAt and the covered versions; JSON, or CSV with Accept: "
            + "text/csv. minVersion waits as on GET /accounts/{accountId}. Roles: support or analyst.",
            summary = "The account's bills, newest first, each with its lines by merchant and category",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = BillList.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/accounts/{accountId}/bills")
    public ResponseEntity<?> bills(@PathVariable String accountId,
                                   @Parameter(description = "Most bills, 1 to " + BILLS_MAX + "; " + BILLS_DEFAULT
                                           + " when absent") @RequestParam(required = false) String limit,
                                   @Parameter(description = AccountLookup.MIN_VERSION)
                                   @RequestParam(required = false) String minVersion,
                                   @Parameter(description = FORMAT) @RequestParam(required = false) String format,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String id = RequestChecks.accountId(accountId);
        OptionalLong version = RequestChecks.minVersion(minVersion);
        int max = RequestChecks.intInRange("limit", limit, BILLS_DEFAULT, 1, BILLS_MAX);
        ReportFormat chosen = ReportFormat.choose(format, accept);
        accounts.require(id, version);
        BillList list = new BillList(id, queries.bills(id, max, clock.instant()));
        return answer(chosen, list, () -> {
            Csv csv = new Csv("billId", "periodStart", "periodEnd", "amountDue", "amountPaid", "currency", "dueAt",
                    "status", "overdue");
            list.bills().forEach(bill -> csv.line(bill.billId(), bill.periodStart(), bill.periodEnd(), bill.amountDue(),
                    bill.amountPaid(), bill.currency(), bill.dueAt(), bill.status(), bill.overdue()));
            return csv.text();
        });
    }

    @Operation(description = "The bill with amountPaid, status, overdue and its lines; as CSV its lines. An unknown bill is 404 "
            + "bill_not_found. Roles: support or analyst.",
            summary = "One bill with its lines; as CSV, its lines",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json",
                            schema = @Schema(implementation = EconomicsQueries.Bill.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/bills/{billId}")
    public ResponseEntity<?> bill(@PathVariable String billId,
                                  @Parameter(description = FORMAT) @RequestParam(required = false) String format,
                                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (billId == null || !RequestChecks.ID.matcher(billId).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "billId must be 1 to 64 characters of letters, digits "
                    + "and . _ : -, starting with a letter or digit");
        }
        ReportFormat chosen = ReportFormat.choose(format, accept);
        EconomicsQueries.Bill bill = queries.bill(billId, clock.instant()).orElseThrow(() -> new QueryProblem(
                ProblemCode.BILL_NOT_FOUND, "there is no bill '" + billId + "' in the projection"));
        accounts.require(bill.accountId(), OptionalLong.empty());
        return answer(chosen, bill, () -> {
            Csv csv = new Csv("billId", "merchantAccountId", "category", "count", "total", "currency");
            bill.lines().forEach(line -> csv.line(bill.billId(), line.merchantAccountId(), line.category(), line.count(),
                    line.total(), bill.currency()));
            return csv.text();
        });
    }

    @Operation(description = "Settlements of one merchant (merchantAccountId) or all, settled in the period; JSON, or CSV with "
            + "Accept: text/csv. Roles: support or analyst.",
            summary = "Merchant settlements, newest first, of one merchant or all, settled in a period",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = SettlementList.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/settlements")
    public ResponseEntity<?> settlements(
            @Parameter(description = "Only this merchant") @RequestParam(required = false) String merchantAccountId,
            @Parameter(description = "Start of the period (a date or an instant); " + SETTLEMENT_PERIOD_DAYS_DEFAULT
                    + " days before its end when absent") @RequestParam(required = false) String from,
            @Parameter(description = "End of the period (a date, inclusive, or an instant, exclusive); the end of "
                    + "the current UTC day when absent") @RequestParam(required = false) String to,
            @Parameter(description = "Most rows, 1 to " + SETTLEMENTS_MAX) @RequestParam(required = false) String limit,
            @Parameter(description = FORMAT) @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String merchant = merchantAccountId == null ? null : RequestChecks.accountId(merchantAccountId);
        int max = RequestChecks.intInRange("limit", limit, SETTLEMENTS_DEFAULT, 1, SETTLEMENTS_MAX);
        Period period = Period.parse(from, to, clock.instant(), SETTLEMENT_PERIOD_DAYS_DEFAULT,
                SETTLEMENT_PERIOD_DAYS_MAX);
        ReportFormat chosen = ReportFormat.choose(format, accept);
        SettlementList list = new SettlementList(queries.settlements(merchant, period.from(), period.to(), max),
                period.from(), period.to());
        return answer(chosen, list, () -> {
            Csv csv = new Csv("settlementId", "merchantAccountId", "payoutAccountId", "cutoff", "count", "gross", "fees",
                    "refunds", "net", "currency", "settledAt");
            list.settlements().forEach(s -> csv.line(s.settlementId(), s.merchantAccountId(), s.payoutAccountId(),
                    s.cutoff(), s.count(), s.gross(), s.fees(), s.refunds(), s.net(), s.currency(), s.settledAt()));
            return csv.text();
        });
    }

    @Operation(summary = "What aggregation saved: the payments the ledger carried against the external charges and "
            + "payouts that stood for them, priced by a card fee model",
            description = "Per currency. perPaymentCardCost is what the payments would have cost as card charges of "
                    + "their own (cardRate × amount + cardFixed each); aggregatedCardCost what the external charges "
                    + "(top-ups and bill payments into USER accounts) and the merchant payouts cost at the same "
                    + "price; saved the difference.",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = SavingsReport.class)),
                    @Content(mediaType = "text/csv")}))
    @Tag(name = "Analytics")
    @GetMapping("/analytics/savings")
    public ResponseEntity<?> savings(
            @Parameter(description = "Start of the period (a date or an instant); " + SAVINGS_PERIOD_DAYS_DEFAULT
                    + " days before its end when absent") @RequestParam(required = false) String from,
            @Parameter(description = "End of the period (a date, inclusive, or an instant, exclusive)")
            @RequestParam(required = false) String to,
            @Parameter(description = "Only this currency") @RequestParam(required = false) String currency,
            @Parameter(description = "The card fee's rate, a fraction such as 0.029; the configured one when absent")
            @RequestParam(required = false) String cardRate,
            @Parameter(description = "The card fee's fixed part per charge in the currency's major units, such as "
                    + "0.30; the configured one when absent") @RequestParam(required = false) String cardFixed,
            @Parameter(description = FORMAT) @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Period period = Period.parse(from, to, clock.instant(), SAVINGS_PERIOD_DAYS_DEFAULT, SAVINGS_PERIOD_DAYS_MAX);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "currency must be a three-letter code such as USD");
        }
        BigDecimal rate = cardRate == null ? cardFees.cardRate() : decimal("cardRate", cardRate);
        if (rate.compareTo(BigDecimal.ONE) > 0) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "cardRate must be a fraction from 0 to 1");
        }
        BigDecimal fixed = cardFixed == null ? null : decimal("cardFixed", cardFixed);
        ReportFormat chosen = ReportFormat.choose(format, accept);
        List<SavingsReport.Row> rows = savings.totals(period, currency).stream()
                .map(totals -> SavingsReport.Row.of(totals, rate, fixed != null ? fixed : cardFees.fixedOf(totals.currency())))
                .toList();
        SavingsReport report = new SavingsReport(period.from(), period.to(), rows);
        return answer(chosen, report, report::csv);
    }

    private static BigDecimal decimal(String name, String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, name + " must be a plain non-negative decimal "
                    + "such as 0.30");
        }
        return new BigDecimal(text);
    }

    private static ResponseEntity<?> answer(ReportFormat format, Object body, Supplier<String> csv) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(format.mediaType())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return format == ReportFormat.CSV ? response.body(csv.get()) : response.body(body);
    }
}
