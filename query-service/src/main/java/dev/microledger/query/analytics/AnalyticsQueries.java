package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The analyst queries: plain SQL aggregation over the projection tables. Every query reads one
 * period through an index on {@code occurred_at} (V4__analytics_indexes.sql), returns at most one
 * row more than asked (which tells whether the answer was cut) and runs under a statement timeout.
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
    /** The decades an amount can fall into: 10^0 to 10^18 minor units, and above. */
    static final int DECADES = 20;

    // USER accounts are most accounts and MERCHANT and SYSTEM ones few, so "no account of another
    // kind" is the cheap way to say "a USER account": PostgreSQL reads the few others from a
    // partial index into a hash.
    private static final String PAYMENTS = """
              FROM entry_view e
             WHERE e.direction = 'DEBIT' AND e.kind IN ('PAYMENT', 'HOLD_CAPTURE')
               AND e.occurred_at >= ? AND e.occurred_at < ?
               AND NOT EXISTS (SELECT 1 FROM account_view a WHERE a.account_id = e.account_id AND a.kind <> 'USER')
            """;
    private static final String DECADE_SQL = decadeSql("e.amount_minor");
    private static final String DECLINE_HOUR_SQL = SpendingGroup.epochDivided("occurred_at", 3_600);
    private static final String SELECT_SCALE = "SELECT scale FROM account_view WHERE currency = ? LIMIT 1";
    /** How deep the causes of a failure are searched for a timeout; a chain is short unless it is a loop. */
    private static final int CAUSES_MAX = 16;

    private final JdbcTemplate jdbc;

    AnalyticsQueries(DataSource dataSource, AnalyticsSettings settings) {
        // A template of its own: the statement timeout is for analyst queries, not for the projection's writes.
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(settings.queryTimeoutSeconds());
    }

    /**
     * The scale of a currency that some projected account holds; empty for a currency no account
     * holds. A currency has one scale, set by the ledger's configuration, so any account tells it.
     */
    Optional<Integer> scaleOf(String currency) {
        List<Integer> scales = run(() -> jdbc.queryForList(SELECT_SCALE, Integer.class, currency));
        return scales.stream().findFirst();
    }

    /** Up to {@code limit + 1} rows of spending, ordered by currency, then by total or by time. */
    List<SpendingSum> spending(SpendingGroup group, Period period, String currency, int limit) {
        String key = group.keySql();
        String order = group.orderedByTotal() ? "SUM(e.amount_minor) DESC, " + key + " NULLS LAST" : key;
        String sql = "SELECT e.currency AS currency, " + key + " AS group_key, SUM(e.amount_minor) AS total_minor,"
                + " COUNT(*) AS payments, COUNT(DISTINCT e.account_id) AS payers\n"
                + PAYMENTS + currencyFilter("e.currency", currency)
                + " GROUP BY e.currency, " + key + "\n"
                + " ORDER BY e.currency, " + order + "\n"
                + " LIMIT ?";
        return run(() -> jdbc.query(sql, (row, rowNumber) -> new SpendingSum(
                row.getString("currency"),
                group.key(row, "group_key"),
                row.getBigDecimal("total_minor"),
                row.getLong("payments"),
                row.getLong("payers")), arguments(period, currency, limit + 1)));
    }

    /**
     * Payments counted and summed per currency and decade of their amount in minor units, ordered
     * by currency and decade: at most {@link #DECADES} rows per currency and {@code rows} in all.
     * Decades do not depend on the currency's scale, so the bucket edges (powers of ten in every
     * scale) are applied afterwards, exactly.
     */
    List<DecadeSum> paymentsByDecade(Period period, String currency, int rows) {
        String sql = "SELECT e.currency AS currency, " + DECADE_SQL + " AS decade, COUNT(*) AS payments,"
                + " SUM(e.amount_minor) AS total_minor\n"
                + PAYMENTS + currencyFilter("e.currency", currency)
                + " GROUP BY e.currency, " + DECADE_SQL + "\n"
                + " ORDER BY e.currency, " + DECADE_SQL + "\n"
                + " LIMIT ?";
        return run(() -> jdbc.query(sql, (row, rowNumber) -> new DecadeSum(
                row.getString("currency"),
                row.getInt("decade"),
                row.getLong("payments"),
                row.getBigDecimal("total_minor")), arguments(period, currency, rows)));
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

    /** One group of spending, its total still in minor units of its currency. */
    record SpendingSum(String currency, String key, BigDecimal totalMinor, long count, long payers) {
    }

    /**
     * The payments of one currency whose amounts lie in one decade: {@code decade} d holds the
     * amounts above 10^(d-1) and up to 10^d minor units (decade 0 holds the amount 1).
     */
    record DecadeSum(String currency, int decade, long count, BigDecimal totalMinor) {
    }

    /**
     * The decade of an amount in minor units as SQL: the smallest d with amount &lt;= 10^d. A ladder of
     * comparisons with exact integer powers of ten, free of the rounding of a floating-point logarithm.
     */
    static String decadeSql(String column) {
        StringBuilder sql = new StringBuilder("CASE");
        long power = 1;
        for (int decade = 0; decade < DECADES - 1; decade++) {
            sql.append(" WHEN ").append(column).append(" <= ").append(power).append(" THEN ").append(decade);
            if (decade < DECADES - 2) {
                power = Math.multiplyExact(power, 10L);
            }
        }
        return sql.append(" ELSE ").append(DECADES - 1).append(" END").toString();
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

    /** A statement cancelled by its timeout: PostgreSQL's SQLSTATE 57014 (query_canceled). */
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
