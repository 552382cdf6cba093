package dev.microledger.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.engine.Database;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rewrites the live pages of sparsely used chunks of an embedded H2 file while the service runs,
 * so that the file stops growing with pages no one reads any more.
 *
 * <p>H2 does this itself only from its background writer, and that writer runs only when commits
 * may be delayed ({@code WRITE_DELAY} above 0). The services open H2 with {@code WRITE_DELAY=0}
 * so that an acknowledged command survives {@code kill -9}; without this, a file's live share
 * fell to a quarter under load, and the file grew about four times faster than its data. The
 * rewritten pages go out with the next commit; the chunks they leave become free space after H2's
 * retention time and are written over.
 *
 * <p>Only an embedded H2 database kept in a file is compacted: for any other database the first
 * round finds nothing to do and stops the rounds.
 */
public final class H2FileCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final DataSource dataSource;
    private final H2CompactionProperties properties;
    private final AtomicLong fileBytes = new AtomicLong(-1);
    private final AtomicLong chunksFillRatePercent = new AtomicLong(-1);
    private final AtomicLong roundsRewriting = new AtomicLong();
    private volatile ScheduledExecutorService rounds;
    private volatile boolean failing;
    private volatile boolean announced;

    public H2FileCompaction(DataSource dataSource, H2CompactionProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "h2-compaction");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMillis = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(this::runRound, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        rounds = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = rounds;
        rounds = null;
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("H2 compaction round still running after {} s; closing the database anyway",
                        STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** Stops before the data source closes, and starts after it opened. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    /** Size of the database file at the last round, or -1 before the first one. */
    public long fileBytes() {
        return fileBytes.get();
    }

    /** Live share of the file's chunk data at the last round, in percent, or -1 before the first one. */
    public long chunksFillRatePercent() {
        return chunksFillRatePercent.get();
    }

    /** Rounds that found too little of the file live and rewrote chunks. */
    public long roundsRewriting() {
        return roundsRewriting.get();
    }

    /** One round: look at the file, and rewrite chunks if too little of it is live. */
    void runRound() {
        try {
            MVStore store = fileStore();
            if (store == null) {
                log.info("The database is not an embedded H2 file; no H2 compaction");
                stopRoundsFromWithin();
                return;
            }
            if (!announced) {
                announced = true;
                log.info("H2 compaction on for {}: every {} ms, rewriting at most {} bytes a round while less than {} %"
                                + " of its chunk data is live", store.getFileStore().getFileName(),
                        properties.interval().toMillis(), properties.rewriteBytesPerRoundMax(),
                        properties.fillRatePercentMin());
            }
            compact(store);
            if (failing) {
                failing = false;
                log.info("H2 compaction works again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("H2 compaction round failed; trying again in {} ms", properties.interval().toMillis(), e);
            }
        }
    }

    private void compact(MVStore store) {
        FileStore<?> file = store.getFileStore();
        int fillRateBefore = file.getChunksFillRate();
        fileBytes.set(file.size());
        chunksFillRatePercent.set(fillRateBefore);
        if (fillRateBefore >= properties.fillRatePercentMin()) {
            return;
        }
        long startNanos = System.nanoTime();
        boolean rewrote = store.compact(properties.fillRatePercentMin(), properties.rewriteBytesPerRoundMax());
        if (rewrote) {
            roundsRewriting.incrementAndGet();
        }
        if (log.isDebugEnabled()) {
            log.debug("H2 file {}: {} bytes, {} % of chunk data live; {} in {} ms", file.getFileName(), file.size(),
                    fillRateBefore, rewrote ? "rewrote chunks" : "nothing to rewrite yet",
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    private void stopRoundsFromWithin() {
        ScheduledExecutorService executor = rounds;
        if (executor != null) {
            executor.shutdown();
        }
    }

    /**
     * The store behind the data source, looked up through a connection that goes back to the pool
     * at once: a round's rewrite can take a while, and the service's requests need the connections.
     * The pool's other connections keep the database, and so the store, open.
     */
    private MVStore fileStore() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return fileStoreOf(connection);
        }
    }

    /** The store behind an embedded H2 file database, or null for any other database. */
    static MVStore fileStoreOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            return null;
        }
        Database database = local.getDatabase();
        if (!database.isPersistent() || database.getStore() == null) {
            return null;
        }
        MVStore store = database.getStore().getMvStore();
        return store.getFileStore() == null ? null : store;
    }
}
