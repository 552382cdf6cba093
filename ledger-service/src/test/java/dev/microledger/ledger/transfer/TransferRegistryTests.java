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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's lookups against the ledger's H2 schema. */
class TransferRegistryTests {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final int POSTED_TRANSFERS = 5_000;

    private DataSource dataSource;
    private TransferRegistry registry;

    @BeforeEach
    void migrate() {
        dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
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
     * The expiry job asks every second. Every transfer that is not pending has a NULL entry in the
     * expiry index, so a lookup that reads those would cost more with every transfer ever made.
     */
    @Test
    void theDueHoldsLookupReadsThePendingHoldsNotEveryTransfer() throws Exception {
        registry.insertAll(postedTransfers(POSTED_TRANSFERS));
        registry.insertAll(List.of(hold("due", NOW.minusSeconds(5)), hold("later", NOW.plus(Duration.ofHours(1)))));

        assertThat(registry.findDueHolds(NOW, 500)).containsExactly("due");
        assertThat(rowsReadByDueHoldsLookup(500)).isLessThan(10);
    }

    private long rowsReadByDueHoldsLookup(int max) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement(
                     "EXPLAIN ANALYZE " + TransferRegistry.DUE_HOLDS_SQL.formatted(max))) {
            explain.setObject(1, TransferRegistry.EXPIRES_AT_FLOOR);
            explain.setObject(2, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
            try (ResultSet plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                String text = plan.getString(1);
                Matcher scanCount = Pattern.compile("scanCount: (\\d+)").matcher(text);
                assertThat(scanCount.find()).as("scan count in the plan %s", text).isTrue();
                return Long.parseLong(scanCount.group(1));
            }
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
