package dev.microledger.h2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class H2FileCompactionTests {

    private static final int ROWS = 20_000;
    private static final int ROWS_PER_TRANSACTION = 50;

    @TempDir
    Path directory;

    /**
     * Rows with random keys in small transactions, as the services write them: every commit
     * rewrites the pages it touched, and the older copies of full pages stay behind in chunks that
     * are otherwise dead. The same load, once with rounds between the commits and once without.
     */
    @Test
    void roundsBetweenCommitsKeepTheFileNearItsLiveData() throws Exception {
        DataSource compacted = fileDatabase("compacted");
        DataSource left = fileDatabase("left");
        H2FileCompaction compaction = new H2FileCompaction(compacted, properties(80));

        load(compacted, compaction);
        load(left, null);

        long compactedBytes = fileBytes(compacted);
        long leftBytes = fileBytes(left);
        assertThat(chunksFillRate(left)).as("live share of the file left alone").isLessThan(40);
        assertThat(compaction.chunksFillRatePercent()).as("live share seen by the last round").isBetween(1L, 100L);
        assertThat(chunksFillRate(compacted)).as("live share of the compacted file").isGreaterThanOrEqualTo(55);
        assertThat(compaction.roundsRewriting()).isPositive();
        assertThat(compactedBytes).as("compacted file against the one left alone (%d bytes)", leftBytes)
                .isLessThan(leftBytes / 2);
        assertThat(compaction.fileBytes()).isPositive();
    }

    @Test
    void aRoundLeavesTheFileAloneWhileEnoughOfItIsLive() throws Exception {
        DataSource database = fileDatabase("fresh");
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE entry (id BIGINT PRIMARY KEY, payload VARBINARY(300))");
        }
        H2FileCompaction compaction = new H2FileCompaction(database, properties(1));

        compaction.runRound();

        assertThat(compaction.roundsRewriting()).isZero();
        assertThat(compaction.chunksFillRatePercent()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anInMemoryDatabaseHasNoFileToCompact() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:compaction-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        H2FileCompaction compaction = new H2FileCompaction(memory, properties(80));

        try (Connection connection = memory.getConnection()) {
            assertThat(H2FileCompaction.fileStoreOf(connection)).isNull();
        }
        compaction.runRound();

        assertThat(compaction.fileBytes()).isEqualTo(-1);
        assertThat(compaction.roundsRewriting()).isZero();
    }

    @Test
    void startedRoundsRunUntilStopped() throws Exception {
        DataSource database = fileDatabase("scheduled");
        H2FileCompaction compaction = new H2FileCompaction(database,
                new H2CompactionProperties(true, Duration.ofMillis(100), 80, 1024 * 1024));

        compaction.start();
        try {
            assertThat(compaction.isRunning()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (compaction.fileBytes() < 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            compaction.stop();
        }

        assertThat(compaction.isRunning()).isFalse();
        assertThat(compaction.fileBytes()).isEqualTo(Files.size(directory.resolve("scheduled.mv.db")));
    }

    private void load(DataSource database, H2FileCompaction compaction) throws SQLException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] payload = new byte[300];
        try (Connection connection = database.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE entry (id BIGINT PRIMARY KEY, payload VARBINARY(300))");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO entry VALUES (?, ?)")) {
                for (int row = 0; row < ROWS; row++) {
                    insert.setLong(1, random.nextLong());
                    insert.setBytes(2, payload);
                    insert.addBatch();
                    if ((row + 1) % ROWS_PER_TRANSACTION == 0) {
                        insert.executeBatch();
                        connection.commit();
                        if (compaction != null && (row + 1) % (ROWS_PER_TRANSACTION * 10) == 0) {
                            compaction.runRound();
                        }
                    }
                }
            }
        }
    }

    private DataSource fileDatabase(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        // As the services open their files, and with old chunks free at once, so that what the
        // test compares is what compaction leaves, not what H2 keeps for its retention time.
        dataSource.setURL("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath()
                + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static long fileBytes(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return store(connection).getFileStore().size();
        }
    }

    private static int chunksFillRate(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return store(connection).getFileStore().getChunksFillRate();
        }
    }

    private static MVStore store(Connection connection) throws SQLException {
        MVStore store = H2FileCompaction.fileStoreOf(connection);
        assertThat(store).isNotNull();
        return store;
    }

    private static H2CompactionProperties properties(int fillRatePercentMin) {
        return new H2CompactionProperties(true, Duration.ofSeconds(1), fillRatePercentMin, 8 * 1024 * 1024);
    }
}
