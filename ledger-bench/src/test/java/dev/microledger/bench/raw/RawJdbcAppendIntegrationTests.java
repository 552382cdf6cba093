package dev.microledger.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import dev.microledger.bench.report.RawLimit;
import org.junit.jupiter.api.Test;

/** The raw insert against a real H2 database, in memory so it is quick. */
class RawJdbcAppendIntegrationTests {

    private static final String URL = "jdbc:h2:mem:raw-append;DB_CLOSE_DELAY=-1";

    @Test
    void measuresEveryWriterCountReportsTheBestAndLeavesNoTableBehind() throws Exception {
        RawLimit limit = RawJdbcAppend.measure(URL, "sa", "", 1, "H2 in memory");

        assertThat(limit.measured()).isTrue();
        assertThat(limit.ratePerSecond()).isPositive();
        assertThat(limit.count()).isPositive();
        assertThat(limit.detail()).startsWith("H2 in memory; payloads are ledger events of ")
                .contains("(the best; rows/s by writers 1: ", ", 2: ", ", 4: ", ", 8: ");
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             ResultSet tables = connection.getMetaData().getTables(null, null, "RAW_EVENT_ENTRY", null)) {
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
