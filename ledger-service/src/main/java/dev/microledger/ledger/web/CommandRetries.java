package dev.microledger.ledger.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.microledger.ledger.rejection.LedgerRejection;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Runs a command with a bounded number of retries for the one failure a retry can cure: two
 * requests that raced to create the same account or register the same transfer id. The loser's
 * database transaction rolled back; run again, it sees the winner's row and answers as a retry
 * or a conflict. Also times and counts every command.
 */
@Component
public class CommandRetries {

    private static final Logger log = LoggerFactory.getLogger(CommandRetries.class);

    /** One race is resolved by one retry; a third attempt only guards against a second racer. */
    static final int ATTEMPTS_MAX = 3;

    private final MeterRegistry meters;

    CommandRetries(MeterRegistry meters) {
        this.meters = meters;
    }

    public <T> T run(String type, Supplier<T> command) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            T result = attempt(type, command);
            outcome = "completed";
            return result;
        } catch (LedgerRejection rejection) {
            outcome = rejection.code().code();
            throw rejection;
        } finally {
            sample.stop(Timer.builder("ledger.command.latency")
                    .description("Time to execute a command, from HTTP request to committed events")
                    .tag("type", type)
                    .publishPercentileHistogram()
                    .register(meters));
            meters.counter("ledger.commands", "type", type, "outcome", outcome).increment();
        }
    }

    private <T> T attempt(String type, Supplier<T> command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return command.get();
            } catch (DuplicateKeyException | ConcurrencyException raced) {
                if (attempt >= ATTEMPTS_MAX) {
                    throw raced;
                }
                log.debug("{} raced with a concurrent request (attempt {}), retrying: {}", type, attempt,
                        raced.getMessage());
            }
        }
    }
}
