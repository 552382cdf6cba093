package dev.microledger.query.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;

import java.math.BigDecimal;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsQueriesTests {

    @Test
    void theDecadeOfAnAmountIsTheSmallestPowerOfTenAtOrAboveIt() {
        assertThat(AnalyticsQueries.decadeSql("amount_minor"))
                .startsWith("CASE WHEN amount_minor <= 1 THEN 0 WHEN amount_minor <= 10 THEN 1 WHEN amount_minor <= 100 THEN 2")
                .endsWith("WHEN amount_minor <= 1000000000000000000 THEN 18 ELSE 19 END");
    }

    /** The bucket (0 = up to 0.01, ..., 4 = above 10) of an amount, worked out through its decade. */
    @ParameterizedTest
    @CsvSource({
            // USD, scale 6: 0.01 is 10,000 minor units (decade 4), 0.1 is 100,000, 1 is 10^6, 10 is 10^7.
            "1, 6, 0", "2500, 6, 0", "10000, 6, 0", "10001, 6, 1", "100000, 6, 1", "100001, 6, 2",
            "1000000, 6, 2", "1000001, 6, 3", "10000000, 6, 3", "10000001, 6, 4", "9223372036854775807, 6, 4",
            // KRW, scale 2: 0.01 is one minor unit.
            "1, 2, 0", "2, 2, 1", "10, 2, 1", "11, 2, 2", "100, 2, 2", "1000, 2, 3", "1001, 2, 4",
            // Scale 0: nothing is 0.01 or 0.1; 1 is the smallest amount.
            "1, 0, 2", "2, 0, 3", "10, 0, 3", "11, 0, 4",
            // Scale 18: 10 major units are beyond a long, so every amount above 1 is up to 10.
            "1000000000000000000, 18, 2", "1000000000000000001, 18, 3", "9223372036854775807, 18, 3"})
    void bucketEdgesAreInclusiveAndExactInEveryScale(long amountMinor, int scale, int expectedBucket) {
        assertThat(AnalyticsReports.bucketOf(decade(amountMinor), scale)).isEqualTo(expectedBucket);
    }

    @Test
    void totalsAreDecimalStringsInMajorUnits() {
        assertThat(AnalyticsReports.format(new BigDecimal("2500"), 6)).isEqualTo("0.0025");
        assertThat(AnalyticsReports.format(new BigDecimal("10000000"), 6)).isEqualTo("10");
        assertThat(AnalyticsReports.format(BigDecimal.ZERO, 6)).isEqualTo("0");
        assertThat(AnalyticsReports.format(new BigDecimal("120001"), 2)).isEqualTo("1200.01");
        // Sums of many payments may pass the range of a long; they stay exact.
        assertThat(AnalyticsReports.format(new BigDecimal("18446744073709551614"), 6)).isEqualTo("18446744073709.551614");
    }

    @Test
    void aStatementCancelledByItsTimeoutIsRecognised() {
        assertThat(AnalyticsQueries.isTimeout(new QueryTimeoutException("timeout"))).isTrue();
        assertThat(AnalyticsQueries.isTimeout(new UncategorizedSQLException("query", "SELECT 1",
                new SQLException("canceling statement due to user request", "57014")))).isTrue();
        assertThat(AnalyticsQueries.isTimeout(new DataAccessResourceFailureException("down",
                new SQLException("connection refused", "08001")))).isFalse();
    }

    /** The decade as the SQL ladder computes it: the smallest d with amount <= 10^d. */
    private static int decade(long amountMinor) {
        long power = 1;
        for (int decade = 0; decade < AnalyticsQueries.DECADES - 1; decade++) {
            if (amountMinor <= power) {
                return decade;
            }
            if (decade < AnalyticsQueries.DECADES - 2) {
                power *= 10;
            }
        }
        return AnalyticsQueries.DECADES - 1;
    }
}
