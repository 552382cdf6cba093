package dev.microledger.ledger.clock;

import dev.microledger.ledger.rejection.LedgerRejection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /demo/clock}: read, pin and release the {@link DemoClock}. Exists only while
 * {@code ledger.demo-clock.enabled=true}; otherwise the path is not found.
 */
@RestController
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

    @GetMapping("/demo/clock")
    ClockResponse read() {
        return new ClockResponse(clock.instant().toString(), clock.isPinned());
    }

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

    @DeleteMapping("/demo/clock")
    ClockResponse release() {
        return new ClockResponse(clock.release().toString(), false);
    }
}
