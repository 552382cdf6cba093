package dev.microledger.ledger.clock;

import dev.microledger.ledger.rejection.LedgerRejection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /demo/clock}: read, pin and release the {@link DemoClock}. Exists only while
 * {@code ledger.demo-clock.enabled=true}; otherwise the path is not found.
 */
@RestController
@Tag(name = "Demo clock", description = "The ledger's clock for demonstrations, off by default (role operator)")
@ConditionalOnProperty(name = DemoClockConfiguration.ENABLED_PROPERTY, havingValue = "true")
class DemoClockController {

    private final DemoClock clock;

    DemoClockController(DemoClock clock) {
        this.clock = clock;
    }

    record ClockRequest(String at) {
    }

    record ClockResponse(String at, boolean pinned) {
    }

    @Operation(summary = "Read the demo clock", description = "The time the ledger reads now and whether it is "
            + "pinned. Role: operator.",
            responses = @ApiResponse(responseCode = "200", description = "The clock", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ClockResponse.class))))
    @GetMapping("/demo/clock")
    ClockResponse read() {
        return new ClockResponse(clock.instant().toString(), clock.isPinned());
    }

    @Operation(summary = "Pin the demo clock", description = "The ledger reads the given time from now on: never "
            + "ahead of the real time (clock_ahead_of_time), and never back once the ledger holds events "
            + "(clock_backwards). Role: operator.",
            responses = @ApiResponse(responseCode = "200", description = "The clock, pinned", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ClockResponse.class))))
    @PutMapping("/demo/clock")
    ClockResponse pin(@RequestBody ClockRequest request) {
        if (request == null || request.at() == null) {
            throw LedgerRejection.invalid("at is required, an ISO-8601 UTC time such as 2026-10-23T08:00:00Z");
        }
        Instant at;
        try {
            at = Instant.parse(request.at());
        } catch (DateTimeParseException exception) {
            throw LedgerRejection.invalid("at must be an ISO-8601 UTC time such as 2026-10-23T08:00:00Z, got '"
                    + request.at() + "'");
        }
        return new ClockResponse(clock.pin(at).toString(), true);
    }

    @Operation(summary = "Release the demo clock", description = "The ledger reads the real time again. "
            + "Role: operator.",
            responses = @ApiResponse(responseCode = "200", description = "The clock, released", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ClockResponse.class))))
    @DeleteMapping("/demo/clock")
    ClockResponse release() {
        return new ClockResponse(clock.release().toString(), false);
    }
}
