package dev.microledger.query.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.function.Function;

/**
 * Aggregates across accounts for analysts: spending, transfer sizes and declines over a period,
 * as JSON or as the same rows in CSV. docs/projections.md says what each number counts.
 */
@RestController
@Tag(name = "Analytics", description = "Aggregates across accounts, JSON or CSV (role analyst)")
class AnalyticsController {

    static final String FROM = "Start of the period, inclusive: a date (2026-11-01, from its UTC midnight) or an "
            + "instant with its offset (2026-11-01T00:00:00Z); the default is the period's end minus 30 days";
    static final String TO = "End of the period: a date (2026-11-30, inclusive: up to the next UTC midnight) or an "
            + "instant with its offset (exclusive); the default is the end of the current UTC day. At most 366 days "
            + "after from";
    static final String CURRENCY = "Only this currency (one that some account holds); without it, rows per currency";
    static final String LIMIT = "Most rows in the answer, 1 to 10000; 1000 when absent. truncated tells when rows "
            + "were cut";
    static final String FORMAT = "json or csv; takes precedence over the Accept header (text/csv or application/json)";
    /** Set on every analytics answer, so that a CSV reader, which has no truncated field, can tell too. */
    static final String TRUNCATED_HEADER = "Rows-Truncated";

    private final AnalyticsReports reports;

    AnalyticsController(AnalyticsReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "Spending of USER accounts in a period, grouped by category, merchant, UTC day or UTC hour",
            description = "A payment is a posted debit of a USER account (a transfer posted at once, or the posted "
                    + "part of a hold); refunds are not netted. total is their sum, count their number, payers the "
                    + "distinct paying accounts; one row per key and currency.",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = SpendingReport.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/analytics/spending")
    public ResponseEntity<?> spending(
            @Parameter(description = "category (the default), merchant (the paid account), day or hour")
            @RequestParam(required = false) String groupBy,
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
            @Parameter(description = LIMIT) @RequestParam(required = false) String limit,
            @Parameter(description = FORMAT) @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReportFormat chosen = ReportFormat.choose(format, accept);
        SpendingReport report = reports.spending(groupBy, from, to, currency, limit);
        return answer(chosen, report, report.truncated(), SpendingReport::csv);
    }

    @Operation(summary = "Payments of USER accounts in a period by size: up to 0.01, 0.1, 1, 10 (inclusive) and above",
            description = "Five buckets per currency, empty ones included; upTo is null for the last.",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = TransferSizeReport.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/analytics/transfer-sizes")
    public ResponseEntity<?> transferSizes(
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
            @Parameter(description = LIMIT + " (buckets)") @RequestParam(required = false) String limit,
            @Parameter(description = FORMAT) @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReportFormat chosen = ReportFormat.choose(format, accept);
        TransferSizeReport report = reports.transferSizes(from, to, currency, limit);
        return answer(chosen, report, report.truncated(), TransferSizeReport::csv);
    }

    @Operation(description = "Rows by reason (the decline's code), layer (account or system) and UTC hour, in the period (the "
            + "last 30 days by default); JSON, or CSV with Accept: text/csv. Role: analyst.",
            summary = "Declined payments in a period, counted per reason, layer and UTC hour",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = DeclineReport.class)),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/analytics/declines")
    public ResponseEntity<?> declines(
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
            @Parameter(description = LIMIT) @RequestParam(required = false) String limit,
            @Parameter(description = FORMAT) @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReportFormat chosen = ReportFormat.choose(format, accept);
        DeclineReport report = reports.declines(from, to, currency, limit);
        return answer(chosen, report, report.truncated(), DeclineReport::csv);
    }

    static <T> ResponseEntity<?> answer(ReportFormat format, T report, boolean truncated, Function<T, String> csv) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(format.mediaType())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .header(TRUNCATED_HEADER, Boolean.toString(truncated));
        return format == ReportFormat.CSV ? response.body(csv.apply(report)) : response.body(report);
    }
}
