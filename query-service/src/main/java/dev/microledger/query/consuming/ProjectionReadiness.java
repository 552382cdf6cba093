package dev.microledger.query.consuming;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Part of {@code /actuator/health/readiness}: UP once the live consumer has its partitions and has
 * projected what was on them when it got them ({@link LedgerEventConsumer#caughtUp()}), so that a
 * client that waits for readiness and then reads its own write finds it. Until then it reports
 * {@link #CATCHING_UP}, which the readiness group ranks below UP (503) and the whole health above UP
 * (application.properties): a service that is catching up is healthy, only not ready yet.
 */
@Component("projectionCaughtUp")
class ProjectionReadiness implements HealthIndicator {

    static final Status CATCHING_UP = new Status("CATCHING_UP", "the projection is catching up with the topic");

    private final LedgerEventConsumer consumer;

    ProjectionReadiness(LedgerEventConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        if (consumer.caughtUp()) {
            return Health.up().build();
        }
        return Health.status(CATCHING_UP).build();
    }
}
