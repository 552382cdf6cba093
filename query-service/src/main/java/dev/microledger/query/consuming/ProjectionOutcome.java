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
        int failed,
        List<Instant> appliedEventTimes) {

    int total() {
        return projected + duplicates + gaps + malformed + invariantViolations + forged + failed;
    }

    /** Collects the counts while a batch is being applied. Not thread-safe; one per batch. */
    static final class Builder {
        private int duplicates;
        private int gaps;
        private int malformed;
        private int invariantViolations;
        private int forged;
        private int failed;
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

        /** A record whose projection failed on its own, again and again (a constraint, a bug). */
        void failed() {
            failed++;
        }

        /** Adds what another transaction of the same batch did. */
        void add(ProjectionOutcome other) {
            appliedEventTimes.addAll(other.appliedEventTimes());
            duplicates += other.duplicates();
            gaps += other.gaps();
            malformed += other.malformed();
            invariantViolations += other.invariantViolations();
            forged += other.forged();
            failed += other.failed();
        }

        ProjectionOutcome build() {
            return new ProjectionOutcome(appliedEventTimes.size(), duplicates, gaps, malformed, invariantViolations, forged,
                    failed, List.copyOf(appliedEventTimes));
        }
    }
}
