package dev.microledger.bench.report;

import java.util.List;

/**
 * The scale workload: a million accounts and ten million transfers (or the size asked for) in
 * ledger-service's fixed heap, then a restart on the same data and its first commands.
 *
 * @param accounts                      accounts opened (the funding account and the hot merchant among them)
 * @param openClients                   concurrent clients opening accounts
 * @param batchClients                  concurrent clients on the batch endpoint
 * @param transfers                     transfers posted through the batch endpoint after the funding
 * @param hotAccountTransfers           of those, transfers that credited the hot merchant
 * @param openSeconds                   time to open the accounts
 * @param accountsOpenedPerSecond       accounts opened per second
 * @param fundingSeconds                time to fund the payers
 * @param fundingTransfersPerSecond     funding transfers per second
 * @param transferSeconds               time to post the transfers
 * @param transfersPerSecond            transfers answered per second, through the batch endpoint
 * @param transfersPosted               transfers answered POSTED
 * @param transfersRejected             transfers answered REJECTED (payers are funded far beyond what they spend: 0 expected)
 * @param requestsRetried               requests sent again after a 503 or a connection failure
 * @param projectionCaughtUpSeconds     after the last transfer, until query-service showed the hot merchant at its
 *                                      last version, or null when not within the deadline
 * @param heapSamples                   samples of ledger-service's heap during the load (one a second)
 * @param heapUsedMaxBytes              the most heap in use in any sample (live data and uncollected garbage)
 * @param heapMaxBytes                  the heap's maximum as ledger-service reports it (its -Xmx)
 * @param liveDataMaxBytes              the most live data after a full collection, or null when there was none
 * @param gcPauses                      collection pauses during the load
 * @param gcPauseTotalSeconds           their total time
 * @param gcPauseMaxMillis              the longest one
 * @param hotAccountId                  the hot merchant
 * @param hotAccountEvents              its events (version + 1) before the restart
 * @param fundingAccountEvents          the funding account's events before the restart
 * @param stopSeconds                   from SIGTERM to ledger-service's exit
 * @param restartToFirstCommandSeconds  from starting the new process to the first command answered successfully
 * @param firstCommandMillis            that command's own time (payer to payer, both cold)
 * @param hotFirstCommandMillis         the first command on the hot merchant after the restart (cold cache): an upper
 *                                      bound of its load time
 * @param hotNextCommandsMillis         the commands on it after that (warm)
 * @param fundingFirstCommandMillis     the first command on the funding account after the restart (cold cache)
 * @param eventsPublishedAfterRestart   events the restarted ledger-service published after those commands: a
 *                                      restart that replayed the event store would publish millions
 * @param ledgerDatabaseBytes           ledger-service's database on the embedded PostgreSQL after the load
 *                                      (0 on a PostgreSQL server given by URL)
 * @param queryDatabaseBytes            query-service's database likewise
 * @param kafkaBytes                    the broker's files after the load
 * @param eventStoreEvents              events in the event store, read after the workload and the rebuild, or null
 * @param hotSnapshotSequence           the hot merchant's latest snapshot's sequence, or null when it has none
 * @param fundingSnapshotSequence       the funding account's, or null
 * @param failure                       why the workload stopped, or null when it ran to the end
 */
public record ScaleResult(
        int accounts,
        int openClients,
        int batchClients,
        long transfers,
        long hotAccountTransfers,
        double openSeconds,
        double accountsOpenedPerSecond,
        double fundingSeconds,
        double fundingTransfersPerSecond,
        double transferSeconds,
        double transfersPerSecond,
        long transfersPosted,
        long transfersRejected,
        long requestsRetried,
        Double projectionCaughtUpSeconds,
        int heapSamples,
        double heapUsedMaxBytes,
        double heapMaxBytes,
        Double liveDataMaxBytes,
        long gcPauses,
        double gcPauseTotalSeconds,
        double gcPauseMaxMillis,
        String hotAccountId,
        long hotAccountEvents,
        long fundingAccountEvents,
        double stopSeconds,
        Double restartToFirstCommandSeconds,
        Double firstCommandMillis,
        Double hotFirstCommandMillis,
        List<Double> hotNextCommandsMillis,
        Double fundingFirstCommandMillis,
        Double eventsPublishedAfterRestart,
        long ledgerDatabaseBytes,
        long queryDatabaseBytes,
        long kafkaBytes,
        Long eventStoreEvents,
        Long hotSnapshotSequence,
        Long fundingSnapshotSequence,
        String failure) {

    public ScaleResult {
        hotNextCommandsMillis = hotNextCommandsMillis == null ? List.of() : List.copyOf(hotNextCommandsMillis);
    }

    /** The same result with what the event store showed after the workload. */
    public ScaleResult withEventStore(Long events, Long hotSnapshot, Long fundingSnapshot) {
        return new ScaleResult(accounts, openClients, batchClients, transfers, hotAccountTransfers, openSeconds, accountsOpenedPerSecond, fundingSeconds,
                fundingTransfersPerSecond, transferSeconds, transfersPerSecond, transfersPosted, transfersRejected,
                requestsRetried, projectionCaughtUpSeconds, heapSamples, heapUsedMaxBytes, heapMaxBytes, liveDataMaxBytes,
                gcPauses, gcPauseTotalSeconds, gcPauseMaxMillis, hotAccountId, hotAccountEvents, fundingAccountEvents,
                stopSeconds, restartToFirstCommandSeconds, firstCommandMillis, hotFirstCommandMillis, hotNextCommandsMillis,
                fundingFirstCommandMillis, eventsPublishedAfterRestart, ledgerDatabaseBytes, queryDatabaseBytes, kafkaBytes,
                events, hotSnapshot, fundingSnapshot, failure);
    }

    public boolean completed() {
        return failure == null;
    }
}
