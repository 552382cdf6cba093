package dev.microledger.query.consuming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/** The projection's meters. Recorded only after a database commit, so a retried batch counts once. */
@Component
class ProjectionMetrics {

    private final Counter projected;
    private final Counter duplicates;
    private final Counter gaps;
    private final Counter malformed;
    private final Counter invariantViolations;
    private final Counter forged;
    private final Counter failed;
    private final Counter retries;
    private final Timer lag;
    private final DistributionSummary batchSize;

    ProjectionMetrics(MeterRegistry registry) {
        projected = Counter.builder("query.events.projected")
                .description("Events applied to the projection")
                .register(registry);
        duplicates = skipped(registry, "duplicate");
        gaps = skipped(registry, "gap");
        malformed = skipped(registry, "malformed");
        invariantViolations = skipped(registry, "invariant");
        forged = skipped(registry, "integrity");
        failed = skipped(registry, "failure");
        retries = Counter.builder("query.projection.retries")
                .description("Batches rolled back and re-read after a database failure")
                .register(registry);
        lag = Timer.builder("query.projection.lag")
                .description("Time from an event's commit in the ledger to its commit in the projection")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        batchSize = DistributionSummary.builder("query.projection.batch.size")
                .description("Records applied in one database transaction")
                .baseUnit("records")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) KafkaConsumerSettings.MAX_POLL_RECORDS_MAX)
                .register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder("query.events.skipped")
                .description("Events not applied to the projection, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    void recordBatch(int records, ProjectionOutcome outcome, Instant committedAt) {
        batchSize.record(records);
        projected.increment(outcome.projected());
        duplicates.increment(outcome.duplicates());
        gaps.increment(outcome.gaps());
        malformed.increment(outcome.malformed());
        invariantViolations.increment(outcome.invariantViolations());
        forged.increment(outcome.forged());
        failed.increment(outcome.failed());
        for (Instant eventTime : outcome.appliedEventTimes()) {
            // A ledger clock ahead of ours would give a negative lag; it counts as none.
            lag.record(Duration.between(eventTime, committedAt).isNegative()
                    ? Duration.ZERO
                    : Duration.between(eventTime, committedAt));
        }
    }

    void recordRetry() {
        retries.increment();
    }
}
