package dev.microledger.query.consuming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one database transaction of the projection did with its batch of records. The counts
 * add up to the number of records; {@code appliedEventTimes} has one time per applied event,
 * for measuring the projection's lag once the transaction has committed.
 */
record ProjectionOutcome(
        int projected,
        int duplicates,
        int gaps,
        int malformed,
        int invariantViolations,
        int forged,
        List<Instant> appliedEventTimes) {

    int total() {
        return projected + duplicates + gaps + malformed + invariantViolations + forged;
    }

    /** Collects the counts while a batch is being applied. Not thread-safe; one per batch. */
    static final class Builder {
        private int duplicates;
        private int gaps;
        private int malformed;
        private int invariantViolations;
        private int forged;
        private final List<Instant> appliedEventTimes;

        Builder(int capacity) {
            appliedEventTimes = new ArrayList<>(capacity);
        }

        void projected(Instant eventTime) {
            appliedEventTimes.add(eventTime);
        }

        void duplicate() {
            duplicates++;
        }

        void gap() {
            gaps++;
        }

        void malformed() {
            malformed++;
        }

        void invariantViolation() {
            invariantViolations++;
        }

        /** A record that failed the integrity check. */
        void forged() {
            forged++;
        }

        ProjectionOutcome build() {
            return new ProjectionOutcome(appliedEventTimes.size(), duplicates, gaps, malformed, invariantViolations, forged,
                    List.copyOf(appliedEventTimes));
        }
    }
}
