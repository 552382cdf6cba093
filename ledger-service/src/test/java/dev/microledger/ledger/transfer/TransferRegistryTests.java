package dev.microledger.ledger.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.microledger.ledger.money.Money;
import dev.microledger.postgres.SharedTestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's lookups against the ledger's schema, on a PostgreSQL database of their own. */
class TransferRegistryTests {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final int POSTED_TRANSFERS = 5_000;
    /** A scan node of a plan and the rows it returned, as {@code EXPLAIN (ANALYZE, COSTS OFF)} prints them. */
    private static final Pattern SCAN_ROWS = Pattern.compile("Scan[^\\n]*\\(actual rows=(\\d+)");
    private static final Pattern REMOVED_ROWS = Pattern.compile("Rows Removed by [A-Za-z ]+: (\\d+)");

    private DataSource dataSource;
    private TransferRegistry registry;

    @BeforeEach
    void migrate() {
        dataSource = SharedTestPostgres.freshDatabase("registry").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        registry = new TransferRegistry(new NamedParameterJdbcTemplate(dataSource));
    }

    @Test
    void dueHoldsComeLongestDueFirstAndOnlyThoseDue() {
        registry.insertAll(List.of(hold("due-late", NOW), hold("not-due", NOW.plusSeconds(1)),
                hold("due-early", NOW.minusSeconds(30))));
        registry.insertAll(postedTransfers(10));

        assertThat(registry.findDueHolds(NOW, 10)).containsExactly("due-early", "due-late");
        assertThat(registry.findDueHolds(NOW, 1)).containsExactly("due-early");
    }

    /**
     * The expiry job asks every second. Nearly every transfer is not pending, so a lookup that
     * reads those would cost more with every transfer ever made.
     */
    @Test
    void theDueHoldsLookupReadsThePendingHoldsNotEveryTransfer() throws Exception {
        registry.insertAll(postedTransfers(POSTED_TRANSFERS));
        registry.insertAll(List.of(hold("due", NOW.minusSeconds(5)), hold("later", NOW.plus(Duration.ofHours(1)))));
        // The statistics autovacuum would have gathered by the time a ledger holds this many transfers.
        new JdbcTemplate(dataSource).execute("ANALYZE transfer_record");

        assertThat(registry.findDueHolds(NOW, 500)).containsExactly("due");
        assertThat(rowsReadByDueHoldsLookup(500)).isLessThan(10);
    }

    /** The rows the plan's scans returned plus those they read and filtered out. */
    private long rowsReadByDueHoldsLookup(int max) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement(
                     "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + TransferRegistry.DUE_HOLDS_SQL.formatted(max))) {
            explain.setObject(1, TransferRegistry.EXPIRES_AT_FLOOR);
            explain.setObject(2, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
            StringBuilder plan = new StringBuilder();
            try (ResultSet lines = explain.executeQuery()) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            long read = 0;
            Matcher scanned = SCAN_ROWS.matcher(plan);
            while (scanned.find()) {
                read += Long.parseLong(scanned.group(1));
            }
            Matcher removed = REMOVED_ROWS.matcher(plan);
            while (removed.find()) {
                read += Long.parseLong(removed.group(1));
            }
            assertThat(plan).as("a scan in the plan").contains("Scan");
            return read;
        }
    }

    private static List<TransferRecord> postedTransfers(int count) {
        List<TransferRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TransferInstruction instruction = new TransferInstruction("posted-" + UUID.randomUUID(), "payer", "payee",
                    new Money(100, "USD"), null, null, "{}");
            records.add(new TransferRecord(instruction, TransferStatus.POSTED, NOW.minusSeconds(60), 1, 1));
        }
        return records;
    }

    private static TransferRecord hold(String transferId, Instant expiresAt) {
        TransferInstruction instruction = new TransferInstruction(transferId, "payer", "payee",
                new Money(100, "USD"), null, null, "{}", 60L);
        return new TransferRecord(instruction, TransferStatus.PENDING, NOW.minusSeconds(60), 1, 1, expiresAt, null, 0);
    }
}
