package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The trial balance: per currency, the sum of all projected balances, SYSTEM accounts included.
 * JSON by default, CSV with a header line for {@code Accept: text/csv}, as for every analytics
 * endpoint (see {@link ReportFormat}).
 */
@RestController
@Tag(name = "Analytics", description = "Aggregates across accounts, JSON or CSV (role analyst)")
class TrialBalanceController {

    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9]{1,16}");

    private final TrialBalanceQueries queries;

    TrialBalanceController(TrialBalanceQueries queries) {
        this.queries = queries;
    }

    @Operation(description = "Double entry keeps the sum of every currency's balances at 0; anything else is a fault to "
            + "investigate. JSON, or CSV with Accept: text/csv. Role: analyst.",
            summary = "Per currency, the number of accounts and the sum of their balances, which must be 0",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = TrialBalanceRow.class))),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/analytics/trial-balance")
    public ResponseEntity<?> trialBalance(@Parameter(description = "Only this currency")
                                          @RequestParam(required = false) String currency,
                                          @Parameter(description = AnalyticsController.FORMAT)
                                          @RequestParam(required = false) String format,
                                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReportFormat chosen = ReportFormat.choose(format, accept);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "currency must be 1 to 16 letters or digits");
        }
        List<TrialBalanceRow> rows = queries.trialBalance(currency);
        // The query stops at ROWS_MAX currencies; an answer that long may have been cut.
        boolean truncated = rows.size() >= TrialBalanceQueries.ROWS_MAX;
        return AnalyticsController.answer(chosen, rows, truncated, TrialBalanceController::csv);
    }

    private static String csv(List<TrialBalanceRow> rows) {
        Csv csv = new Csv("currency", "accounts", "sumOfBalances");
        for (TrialBalanceRow row : rows) {
            csv.line(row.currency(), row.accounts(), row.sumOfBalances());
        }
        return csv.text();
    }
}
