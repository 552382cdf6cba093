package dev.microledger.query.consuming;

import org.springframework.boot.actuate.health.Health;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;

    ProjectionHealthIndicator(LedgerEventConsumer consumer, ProjectionRebuild rebuild, JdbcTemplate jdbc) {
        this.consumer = consumer;
        this.rebuild = rebuild;
        this.jdbc = jdbc;
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
        // Records the projection could not apply stop only their own accounts, so they never turn it DOWN.
        try {
            health.withDetail("heldAccounts", jdbc.queryForObject("SELECT COUNT(*) FROM held_account", Long.class))
                    .withDetail("setAsideRecords", jdbc.queryForObject("SELECT COUNT(*) FROM set_aside_record", Long.class));
        } catch (DataAccessException e) {
            health.withDetail("heldAccounts", "unknown: " + e.getMostSpecificCause().getMessage());
        }
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
