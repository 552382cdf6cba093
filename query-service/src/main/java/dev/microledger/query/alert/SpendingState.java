package dev.microledger.query.alert;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The projection's working copy of one {@code spending_account} row during one batch: the
 * account's limits, budget and time zone, what its current day and month used against the limits
 * (as the ledger counts it: payments and holds when placed, the unposted part of a hold given
 * back within its day and month), what they spent (payments, holds when posted), what its recent
 * days spent, and how far each kind of alert has gone in its current period.
 */
final class SpendingState {

    static final String DEFAULT_TIMEZONE = "UTC";

    /** Every column but the key, in the order {@link #bind} writes them. */
    static final List<String> COLUMNS = List.of("timezone", "per_transfer_minor", "daily_minor", "monthly_minor",
            "per_minute_count", "budget_monthly_minor", "budget_alert_thresholds", "limit_day", "limit_day_used_minor",
            "limit_month", "limit_month_used_minor", "spent_day", "spent_day_minor", "spent_month", "spent_month_minor",
            "recent_days", "daily_limit_alert_period", "daily_limit_alert_level", "monthly_limit_alert_period",
            "monthly_limit_alert_level", "budget_alert_period", "budget_alert_level", "pace_alert_period",
            "pace_alert_level", "spike_alert_period", "spike_alert_level");

    final String accountId;
    /** Whether the row exists in the database already (update) or not (insert). */
    final boolean stored;
    boolean changed;

    ZoneId zone;
    Long perTransferMinor;
    Long dailyMinor;
    Long monthlyMinor;
    Integer perMinuteCount;
    Long budgetMonthlyMinor;
    List<BigDecimal> budgetThresholds;

    final CalendarWindow limitUsage;
    final CalendarWindow spending;
    final RecentDays recentDays;

    final AlertMark dailyLimitAlert;
    final AlertMark monthlyLimitAlert;
    final AlertMark budgetAlert;
    final AlertMark paceAlert;
    final AlertMark spikeAlert;

    private SpendingState(String accountId, boolean stored, ZoneId zone, CalendarWindow limitUsage,
                          CalendarWindow spending, RecentDays recentDays, AlertMark dailyLimitAlert,
                          AlertMark monthlyLimitAlert, AlertMark budgetAlert, AlertMark paceAlert, AlertMark spikeAlert) {
        this.accountId = accountId;
        this.stored = stored;
        this.zone = zone;
        this.limitUsage = limitUsage;
        this.spending = spending;
        this.recentDays = recentDays;
        this.dailyLimitAlert = dailyLimitAlert;
        this.monthlyLimitAlert = monthlyLimitAlert;
        this.budgetAlert = budgetAlert;
        this.paceAlert = paceAlert;
        this.spikeAlert = spikeAlert;
        this.budgetThresholds = List.of();
    }

    /** An account nothing has been kept for yet: UTC, no limits, no budget, nothing used. */
    static SpendingState fresh(String accountId) {
        return new SpendingState(accountId, false, ZoneId.of(DEFAULT_TIMEZONE), CalendarWindow.empty(),
                CalendarWindow.empty(), new RecentDays(), AlertMark.none(), AlertMark.none(), AlertMark.none(),
                AlertMark.none(), AlertMark.none());
    }

    static SpendingState read(ResultSet row) throws SQLException {
        SpendingState state = new SpendingState(
                row.getString("account_id"),
                true,
                ZoneId.of(row.getString("timezone")),
                new CalendarWindow(localDate(row, "limit_day"), row.getLong("limit_day_used_minor"),
                        yearMonth(row.getString("limit_month")), row.getLong("limit_month_used_minor")),
                new CalendarWindow(localDate(row, "spent_day"), row.getLong("spent_day_minor"),
                        yearMonth(row.getString("spent_month")), row.getLong("spent_month_minor")),
                RecentDays.parse(row.getString("recent_days")),
                mark(row, "daily_limit_alert"),
                mark(row, "monthly_limit_alert"),
                mark(row, "budget_alert"),
                mark(row, "pace_alert"),
                mark(row, "spike_alert"));
        state.perTransferMinor = nullableLong(row, "per_transfer_minor");
        state.dailyMinor = nullableLong(row, "daily_minor");
        state.monthlyMinor = nullableLong(row, "monthly_minor");
        int perMinuteCount = row.getInt("per_minute_count");
        state.perMinuteCount = row.wasNull() ? null : perMinuteCount;
        state.budgetMonthlyMinor = nullableLong(row, "budget_monthly_minor");
        state.budgetThresholds = parseThresholds(row.getString("budget_alert_thresholds"));
        return state;
    }

    /** Binds every column of {@link #COLUMNS} from {@code first} on; returns the next free index. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        statement.setString(index++, zone.getId());
        setNullableLong(statement, index++, perTransferMinor);
        setNullableLong(statement, index++, dailyMinor);
        setNullableLong(statement, index++, monthlyMinor);
        if (perMinuteCount == null) {
            statement.setNull(index++, Types.INTEGER);
        } else {
            statement.setInt(index++, perMinuteCount);
        }
        setNullableLong(statement, index++, budgetMonthlyMinor);
        statement.setString(index++, budgetThresholds.isEmpty() ? null : formatThresholds(budgetThresholds));
        index = bindWindow(statement, index, limitUsage);
        index = bindWindow(statement, index, spending);
        statement.setString(index++, recentDays.format());
        for (AlertMark mark : List.of(dailyLimitAlert, monthlyLimitAlert, budgetAlert, paceAlert, spikeAlert)) {
            statement.setString(index++, mark.period());
            statement.setInt(index++, mark.level());
        }
        return index;
    }

    LocalDate dateOf(Instant time) {
        return LocalDate.ofInstant(time, zone);
    }

    static String formatThresholds(List<BigDecimal> thresholds) {
        List<String> texts = new ArrayList<>(thresholds.size());
        for (BigDecimal threshold : thresholds) {
            texts.add(threshold.toPlainString());
        }
        return String.join(",", texts);
    }

    private static List<BigDecimal> parseThresholds(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<BigDecimal> thresholds = new ArrayList<>();
        for (String threshold : text.split(",", AlertProjection.ALERT_THRESHOLDS_MAX + 1)) {
            thresholds.add(new BigDecimal(threshold));
        }
        return List.copyOf(thresholds);
    }

    private static int bindWindow(PreparedStatement statement, int first, CalendarWindow window) throws SQLException {
        int index = first;
        statement.setObject(index++, window.day, Types.DATE);
        statement.setLong(index++, window.dayMinor);
        statement.setString(index++, window.month == null ? null : window.month.toString());
        statement.setLong(index++, window.monthMinor);
        return index;
    }

    private static AlertMark mark(ResultSet row, String prefix) throws SQLException {
        return new AlertMark(row.getString(prefix + "_period"), row.getInt(prefix + "_level"));
    }

    private static LocalDate localDate(ResultSet row, String column) throws SQLException {
        return row.getObject(column, LocalDate.class);
    }

    private static YearMonth yearMonth(String text) {
        return text == null ? null : YearMonth.parse(text);
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
