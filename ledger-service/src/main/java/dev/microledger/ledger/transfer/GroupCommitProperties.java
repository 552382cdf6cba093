package dev.microledger.ledger.transfer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Group commit of single transfers: concurrent {@code POST /transfers} requests are gathered into
 * one command, one unit of work and one database transaction.
 *
 * @param enabled            false runs one command per transfer (the baseline the benchmark compares with)
 * @param batchSizeMax       the most transfers committed together
 * @param queueCapacity      transfers waiting for a worker; when full, requests are refused with 503
 * @param workers            threads that commit groups; more than one lets groups on disjoint
 *                           accounts commit in parallel
 * @param waitTimeoutSeconds how long a request waits for its group to commit before it answers 503
 */
@ConfigurationProperties(prefix = "ledger.group-commit")
record GroupCommitProperties(
        boolean enabled,
        int batchSizeMax,
        int queueCapacity,
        int workers,
        int waitTimeoutSeconds) {

    GroupCommitProperties {
        if (batchSizeMax < 1 || batchSizeMax > TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX) {
            throw new IllegalArgumentException("ledger.group-commit.batch-size-max must be 1.."
                    + TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX);
        }
        if (queueCapacity < batchSizeMax || workers < 1 || workers > 64 || waitTimeoutSeconds < 1) {
            throw new IllegalArgumentException("ledger.group-commit: queue-capacity >= batch-size-max, "
                    + "workers 1..64, wait-timeout-seconds >= 1");
        }
    }
}
