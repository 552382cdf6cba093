package dev.microledger.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import dev.microledger.bench.report.RawLimit;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.Test;

/** The raw insert against a real PostgreSQL database of its own. */
class RawJdbcAppendIntegrationTests {

    @Test
    void measuresEveryWriterCountReportsTheBestAndLeavesNoTableBehind() throws Exception {
        PostgresDatabase database = SharedTestPostgres.freshDatabase("raw_append");

        RawLimit limit = RawJdbcAppend.measure(database.url(), database.username(), database.password(), 1, "test PostgreSQL");

        assertThat(limit.measured()).as("measured: %s", limit.skippedReason()).isTrue();
        assertThat(limit.ratePerSecond()).isPositive();
        assertThat(limit.count()).isPositive();
        assertThat(limit.detail()).startsWith("test PostgreSQL; payloads are ledger events of ")
                .contains("(the best; rows/s by writers 1: ", ", 2: ", ", 4: ", ", 8: ");
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password());
             ResultSet tables = connection.getMetaData().getTables(null, null, "raw_event_entry", null)) {
            assertThat(tables.next()).isFalse();
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedNotThrown() {
        RawLimit limit = RawJdbcAppend.measure("jdbc:postgresql://127.0.0.1:1/none", "nobody", "", 1, "nowhere");

        assertThat(limit.measured()).isFalse();
        assertThat(limit.skippedReason()).startsWith("failed on nowhere: ");
    }
}
