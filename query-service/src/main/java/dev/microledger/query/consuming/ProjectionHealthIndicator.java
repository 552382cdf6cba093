package dev.microledger.query.consuming;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the consumer's state under {@code /actuator/health}. Waiting for the topic is normal
 * while the ledger-service starts, so it stays UP; failures that keep repeating, or a consumer
 * thread that ended while the application runs, turn it DOWN, because then the projection
 * falls further behind with every event.
 */
@Component("projection")
class ProjectionHealthIndicator implements HealthIndicator {

    /** A few failures in a row are a blip; this many mean the projection is stuck. */
    static final int FAILURES_DOWN_MIN = 5;

    private final LedgerEventConsumer consumer;
    private final ProjectionRebuild rebuild;

    ProjectionHealthIndicator(LedgerEventConsumer consumer, ProjectionRebuild rebuild) {
        this.consumer = consumer;
        this.rebuild = rebuild;
    }

    @Override
    public Health health() {
        LedgerEventConsumer.Status status = consumer.status();
        boolean stuck = status.state() == LedgerEventConsumer.State.RETRYING
                && status.consecutiveFailures() >= FAILURES_DOWN_MIN;
        boolean died = status.state() == LedgerEventConsumer.State.STOPPED && consumer.isRunning();
        Health.Builder health = stuck || died ? Health.down() : Health.up();
        // A rebuild, failed or not, never changes what is live, so it never turns the health DOWN.
        RebuildStatus rebuilding = rebuild.status();
        health.withDetail("state", status.state().name())
                .withDetail("consecutiveFailures", status.consecutiveFailures())
                .withDetail("generation", rebuilding.liveGeneration())
                .withDetail("rebuild", rebuilding.state().name());
        if (status.lastCommitAt() != null) {
            health.withDetail("lastCommitAt", status.lastCommitAt().toString());
        }
        if (status.lastFailure() != null && status.state() == LedgerEventConsumer.State.WAITING_FOR_TOPIC) {
            health.withDetail("waitingBecause", status.lastFailure());
        } else if (status.lastFailure() != null && status.state() == LedgerEventConsumer.State.RETRYING) {
            health.withDetail("lastFailure", status.lastFailure());
        }
        return health.build();
    }
}
