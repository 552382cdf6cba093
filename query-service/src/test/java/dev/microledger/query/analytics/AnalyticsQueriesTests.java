package dev.microledger.query.analytics;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsQueriesTests {

    @Test
    void bucketEdgesAreExactMinorUnitsForEveryScale() {
        assertThat(AnalyticsQueries.EDGES)
                .contains("(0, 0, 0, 1, 10)")
                .contains("(2, 1, 10, 100, 1000)")
                .contains("(6, 10000, 100000, 1000000, 10000000)")
                .contains("(18, 10000000000000000, 100000000000000000, 1000000000000000000, 9223372036854775807)")
                .endsWith("AS edges (scale, up_to_1, up_to_2, up_to_3, up_to_4)");
    }

    @Test
    void aStatementCancelledByItsTimeoutIsRecognised() {
        assertThat(AnalyticsQueries.isTimeout(new QueryTimeoutException("timeout"))).isTrue();
        assertThat(AnalyticsQueries.isTimeout(new UncategorizedSQLException("query", "SELECT 1",
                new SQLException("canceling statement due to user request", "57014")))).isTrue();
        assertThat(AnalyticsQueries.isTimeout(new DataAccessResourceFailureException("down",
                new SQLException("connection refused", "08001")))).isFalse();
    }
}
