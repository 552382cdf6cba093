package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The analyst queries: plain SQL aggregation over the projection tables, the same statements on
 * H2 and PostgreSQL. Every query reads one period through an index on {@code occurred_at}
 * (V4__analytics_indexes.sql), returns at most one row more than asked (which tells whether the
 * answer was cut) and runs under a statement timeout.
 *
 * <p>A payment, the unit of spending and of transfer sizes, is a DEBIT entry of kind
 * {@code PAYMENT} (posted at once) or {@code HOLD_CAPTURE} (the posted part of a hold) on a USER
 * account. Holds that are still pending, voided or expired moved no money and do not count;
 * refunds are transfers of their own and are not netted against the payments they refund.
 * Top-ups and settlements (debits of SYSTEM and MERCHANT accounts) are not spending.
 */
@Component
class AnalyticsQueries {

    /** Buckets of transfer sizes: up to 0.01, 0.1, 1 and 10 major units (inclusive), then the rest. */
    static final int BUCKETS = 5;
    static final String[] BUCKET_UP_TO = {"0.01", "0.1", "1", "10", null};

    private static final String PAYMENTS = """
              FROM entry_view e
              JOIN account_view a ON a.account_id = e.account_id
            """;
    private static final String PAYMENTS_WHERE = """
             WHERE e.direction = 'DEBIT' AND e.kind IN ('PAYMENT', 'HOLD_CAPTURE') AND a.kind = 'USER'
               AND e.occurred_at >= ? AND e.occurred_at < ?
            """;
    private static final String BUCKET_SQL = """
            CASE WHEN e.amount_minor <= edges.up_to_1 THEN 1
                 WHEN e.amount_minor <= edges.up_to_2 THEN 2
                 WHEN e.amount_minor <= edges.up_to_3 THEN 3
                 WHEN e.amount_minor <= edges.up_to_4 THEN 4
                 ELSE 5 END""";
    private static final String DECLINE_HOUR_SQL = SpendingGroup.epochDivided("occurred_at", 3_600);
    /** How deep the causes of a failure are searched for a timeout; a chain is short unless it is a loop. */
    private static final int CAUSES_MAX = 16;
    private static final String SELECT_SCALE = "SELECT scale FROM account_view WHERE currency = ? LIMIT 1";

    private final JdbcTemplate jdbc;

    AnalyticsQueries(DataSource dataSource, AnalyticsSettings settings) {
        // A template of its own: the statement timeout is for analyst queries, not for the projection's writes.
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(settings.queryTimeoutSeconds());
    }

    /** The scale of a currency that some projected account holds; empty for a currency no account holds. */
    Optional<Integer> scaleOf(String currency) {
        List<Integer> scales = run(() -> jdbc.queryForList(SELECT_SCALE, Integer.class, currency));
        return scales.stream().findFirst();
    }

    /** Up to {@code limit + 1} rows of spending, ordered by currency, then by total or by time. */
    List<SpendingReport.Row> spending(SpendingGroup group, Period period, String currency, int limit) {
        String key = group.keySql();
        String order = group.orderedByTotal() ? "SUM(e.amount_minor) DESC, " + key + " NULLS LAST" : key;
        String sql = "SELECT e.currency AS currency, a.scale AS scale, " + key + " AS group_key,"
                + " SUM(e.amount_minor) AS total_minor, COUNT(*) AS payments, COUNT(DISTINCT e.account_id) AS payers\n"
                + PAYMENTS + PAYMENTS_WHERE + currencyFilter("e.currency", currency)
                + " GROUP BY e.currency, a.scale, " + key + "\n"
                + " ORDER BY e.currency, a.scale, " + order + "\n"
                + " LIMIT ?";
        return run(() -> jdbc.query(sql, (row, rowNumber) -> new SpendingReport.Row(
                group.key(row, "group_key"),
                amount(row, "total_minor"),
                row.getLong("payments"),
                row.getLong("payers"),
                row.getString("currency")), arguments(period, currency, limit + 1)));
    }

    /**
     * The non-empty buckets of transfer sizes, up to {@code limit + 1} of them, ordered by currency
     * and then from the smallest bucket (1) to the largest (5).
     */
    List<BucketRow> transferSizes(Period period, String currency, int limit) {
        String sql = "SELECT e.currency AS currency, a.scale AS scale, " + BUCKET_SQL + " AS bucket,"
                + " COUNT(*) AS payments, SUM(e.amount_minor) AS total_minor\n"
                + PAYMENTS + " JOIN " + EDGES + " ON edges.scale = a.scale\n"
                + PAYMENTS_WHERE + currencyFilter("e.currency", currency)
                + " GROUP BY e.currency, a.scale, " + BUCKET_SQL + "\n"
                + " ORDER BY e.currency, a.scale, " + BUCKET_SQL + "\n"
                + " LIMIT ?";
        return run(() -> jdbc.query(sql, (row, rowNumber) -> new BucketRow(
                row.getString("currency"),
                row.getInt("scale"),
                row.getInt("bucket"),
                row.getLong("payments"),
                amount(row, "total_minor")), arguments(period, currency, limit + 1)));
    }

    /** Up to {@code limit + 1} rows of declines, ordered by hour, reason and layer. */
    List<DeclineReport.Row> declines(Period period, String currency, int limit) {
        String sql = "SELECT reason, layer, " + DECLINE_HOUR_SQL + " AS hour_number, COUNT(*) AS declines\n"
                + "  FROM decline_view\n"
                + " WHERE occurred_at >= ? AND occurred_at < ?\n" + currencyFilter("currency", currency)
                + " GROUP BY " + DECLINE_HOUR_SQL + ", reason, layer\n"
                + " ORDER BY " + DECLINE_HOUR_SQL + ", reason, layer NULLS FIRST\n"
                + " LIMIT ?";
        return run(() -> jdbc.query(sql, (row, rowNumber) -> new DeclineReport.Row(
                row.getString("reason"),
                row.getString("layer"),
                SpendingGroup.hour(row.getLong("hour_number")),
                row.getLong("declines")), arguments(period, currency, limit + 1)));
    }

    /** One non-empty bucket: {@code bucket} is 1 (up to 0.01) to 5 (above 10). */
    record BucketRow(String currency, int scale, int bucket, long count, String total) {
    }

    /**
     * The bucket edges in minor units for every scale a currency may have (0 to 18), as a table to
     * join on the account's scale: 0.01 major units are 10^scale / 100 minor units, rounded down,
     * which for an integer amount is the same test ({@code amount <= 0.01 major}) exactly. An edge
     * beyond the range of a long holds every amount, so it is the largest long.
     */
    static final String EDGES = edgesTable();

    private static String edgesTable() {
        StringBuilder values = new StringBuilder("(VALUES ");
        long unit = 1;
        for (int scale = 0; scale <= 18; scale++) {
            if (scale > 0) {
                values.append(", ");
                unit = Math.multiplyExact(unit, 10L);
            }
            long upToTen = unit <= Long.MAX_VALUE / 10 ? unit * 10 : Long.MAX_VALUE;
            values.append('(').append(scale).append(", ").append(unit / 100).append(", ").append(unit / 10)
                    .append(", ").append(unit).append(", ").append(upToTen).append(')');
        }
        return values.append(") AS edges (scale, up_to_1, up_to_2, up_to_3, up_to_4)").toString();
    }

    private static String currencyFilter(String column, String currency) {
        return currency == null ? "" : "   AND " + column + " = ?\n";
    }

    private static Object[] arguments(Period period, String currency, int rows) {
        List<Object> arguments = new ArrayList<>(4);
        arguments.add(OffsetDateTime.ofInstant(period.from(), ZoneOffset.UTC));
        arguments.add(OffsetDateTime.ofInstant(period.to(), ZoneOffset.UTC));
        if (currency != null) {
            arguments.add(currency);
        }
        arguments.add(rows);
        return arguments.toArray();
    }

    /** A sum of minor units in major units; both databases widen a SUM of BIGINT beyond a long. */
    private static String amount(ResultSet row, String column) throws SQLException {
        BigDecimal minor = row.getBigDecimal(column);
        return minor.movePointLeft(row.getInt("scale")).stripTrailingZeros().toPlainString();
    }

    /** Runs a query, turning a cancellation by the statement timeout into 503 query_timeout. */
    private static <T> T run(Supplier<T> query) {
        try {
            return query.get();
        } catch (DataAccessException e) {
            if (isTimeout(e)) {
                throw new QueryProblem(ProblemCode.QUERY_TIMEOUT, "The query ran longer than its time limit and was "
                        + "cancelled; ask for a shorter period or a single currency");
            }
            throw e;
        }
    }

    /** A statement cancelled by its timeout: SQLSTATE 57014 on both PostgreSQL and H2. */
    static boolean isTimeout(DataAccessException failure) {
        if (failure instanceof QueryTimeoutException) {
            return true;
        }
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < CAUSES_MAX; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
