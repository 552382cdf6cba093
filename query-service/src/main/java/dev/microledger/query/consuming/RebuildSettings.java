package dev.microledger.query.consuming;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a rebuild of the projections runs. Every value has its default in
 * {@code application.properties}; the ranges keep a typo from turning into an unbounded
 * transaction, wait or cache.
 *
 * @param workers                     how many threads project in parallel, each in transactions of its
 *                                    own, each for its share of the topic's partitions
 * @param transactionRecordsMax       the most records one rebuild transaction projects; records of
 *                                    several polls are gathered into one transaction up to this many
 * @param transactionMillisMax        how long records are gathered at most before they are committed,
 *                                    so a slow topic still moves the rebuild's saved offsets along
 * @param accountCacheMax             how many account rows the rebuild keeps in memory between its
 *                                    transactions instead of reading them again
 * @param progressLogIntervalSeconds  how often one progress line is logged
 * @param endOffsetsRefreshMillis     how often the topic's end offsets are looked up again
 * @param catchUpRecordsMax           how far behind the topic's end (in records) the rebuild may be
 *                                    when it asks the live consumer to pause for the switch
 * @param pauseWaitMillis             how long the switch waits for the live consumer to finish its batch
 * @param pauseHoldMillisMax          the longest the live consumer is held for a switch; it goes on
 *                                    by itself after that, and the switch is tried again later
 * @param switchAttemptsMax           how many times the switch is tried before the rebuild fails
 * @param failuresMax                 how many failed transactions of a batch in a row make the rebuild project it
 *                                    record by record, setting aside a record that cannot be projected
 * @param retryBackoffMillis          the pause after a failed transaction
 * @param dropDelayMillis             how long the old generation is kept after the switch, so that
 *                                    reads that began before it finish on the tables they started on
 * @param analyzeIntervalSeconds      the longest time, on PostgreSQL, between two refreshes of the statistics of the
 *                                    tables being built (they are refreshed whenever the tables have doubled as well),
 *                                    so that the rebuild's own lookups stay index lookups
 * @param resumeOnStartup             whether a rebuild that was under way when the service stopped
 *                                    goes on when it starts again (else it is dropped and marked failed)
 */
@ConfigurationProperties(prefix = "query.rebuild")
record RebuildSettings(
        int workers,
        int transactionRecordsMax,
        long transactionMillisMax,
        int accountCacheMax,
        long progressLogIntervalSeconds,
        long endOffsetsRefreshMillis,
        long catchUpRecordsMax,
        long pauseWaitMillis,
        long pauseHoldMillisMax,
        int switchAttemptsMax,
        int failuresMax,
        long retryBackoffMillis,
        long dropDelayMillis,
        long analyzeIntervalSeconds,
        boolean resumeOnStartup) {

    static final int TRANSACTION_RECORDS_MAX = 200_000;
    static final int ACCOUNT_CACHE_MAX = 5_000_000;
    static final long MILLIS_MAX = 600_000;

    RebuildSettings {
        requireRange(workers, 1, 64, "workers");
        requireRange(transactionRecordsMax, 1, TRANSACTION_RECORDS_MAX, "transaction-records-max");
        requireRange(transactionMillisMax, 1, MILLIS_MAX, "transaction-millis-max");
        requireRange(accountCacheMax, 0, ACCOUNT_CACHE_MAX, "account-cache-max");
        requireRange(progressLogIntervalSeconds, 1, 86_400, "progress-log-interval-seconds");
        requireRange(endOffsetsRefreshMillis, 1, MILLIS_MAX, "end-offsets-refresh-millis");
        requireRange(catchUpRecordsMax, 0, 10_000_000, "catch-up-records-max");
        requireRange(pauseWaitMillis, 1, MILLIS_MAX, "pause-wait-millis");
        // The live consumer holds its place in the group only while it polls at least every five minutes.
        requireRange(pauseHoldMillisMax, 1, 240_000, "pause-hold-millis-max");
        requireRange(switchAttemptsMax, 1, 100, "switch-attempts-max");
        requireRange(failuresMax, 1, 100, "failures-max");
        requireRange(retryBackoffMillis, 1, MILLIS_MAX, "retry-backoff-millis");
        requireRange(dropDelayMillis, 0, MILLIS_MAX, "drop-delay-millis");
        requireRange(analyzeIntervalSeconds, 1, 86_400, "analyze-interval-seconds");
    }

    private static void requireRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "query.rebuild." + name + " must be between " + min + " and " + max + ": " + value);
        }
    }
}
