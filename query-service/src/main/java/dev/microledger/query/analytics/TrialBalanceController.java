package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The trial balance: per currency, the sum of all projected balances, SYSTEM accounts included.
 * JSON by default, CSV with a header line for {@code Accept: text/csv}, as for every analytics
 * endpoint.
 */
@RestController
class TrialBalanceController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9]{1,16}");

    private final TrialBalanceQueries queries;

    TrialBalanceController(TrialBalanceQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Per currency, the number of accounts and the sum of their balances, which must be 0",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = TrialBalanceRow.class))),
                    @Content(mediaType = "text/csv")}))
    @GetMapping("/analytics/trial-balance")
    public ResponseEntity<?> trialBalance(@Parameter(description = "Only this currency")
                                          @RequestParam(required = false) String currency,
                                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "currency must be 1 to 16 letters or digits");
        }
        List<TrialBalanceRow> rows = queries.trialBalance(currency);
        if (!wantsCsv(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        StringBuilder csv = new StringBuilder("currency,accounts,sumOfBalances\n");
        for (TrialBalanceRow row : rows) {
            csv.append(csvField(row.currency())).append(',').append(row.accounts()).append(',')
                    .append(row.sumOfBalances()).append('\n');
        }
        return ResponseEntity.ok().contentType(TEXT_CSV).body(csv.toString());
    }

    /** CSV only when asked for by name; a wildcard or an unreadable header gets the JSON default. */
    private static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> "text".equalsIgnoreCase(type.getType()) && "csv".equalsIgnoreCase(type.getSubtype()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
