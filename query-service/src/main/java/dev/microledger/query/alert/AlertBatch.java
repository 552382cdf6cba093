package dev.microledger.query.alert;

import dev.microledger.events.AccountBudgetSet;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountLimitsSet;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.HoldPlaced;
import dev.microledger.events.HoldReleased;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.PaymentDeclined;
import dev.microledger.query.spending.BudgetPace;
import dev.microledger.query.spending.SpendingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spending part of one projector batch (see {@link AlertProjection#begin}). The projector
 * calls {@link #applied} for every event it applied, in order, and {@link #write} once at the
 * end, inside its transaction. Not thread-safe; one per batch.
 */
public final class AlertBatch {

    private static final Logger log = LoggerFactory.getLogger(AlertBatch.class);

    /** A limit is near once this share of it, in percent, is used. */
    static final int LIMIT_NEAR_PERCENT = 80;
    /** A day spikes above this many times the trailing daily average. */
    static final int SPIKE_FACTOR = 3;
    /** The fewest days with spending among the 30 before that make their average a baseline. */
    static final int SPIKE_BASELINE_DAYS_MIN = 3;
    static final int LEVEL_NEAR = 1;
    static final int LEVEL_REACHED = 2;
    static final int WRITE_CHUNK_SIZE = 500;

    private static final String INSERT_STATE = "INSERT INTO spending_account (account_id, "
            + String.join(", ", SpendingState.COLUMNS) + ") VALUES (?"
            + ", ?".repeat(SpendingState.COLUMNS.size()) + ")";
    private static final String UPDATE_STATE = "UPDATE spending_account SET "
            + String.join(" = ?, ", SpendingState.COLUMNS) + " = ? WHERE account_id = ?";
    private static final String INSERT_ALERT = """
            INSERT INTO alert_view (account_id, sequence, ordinal, alert_type, occurred_at, detail, period, limit_name,
                                    threshold, pace, transfer_id, reason, layer, amount_minor, reference_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final SpendingSettings settings;
    private final Map<String, SpendingState> states;
    /** When each hold the batch may end was placed: loaded ones, and those placed in this batch. */
    private final Map<AlertProjection.HoldKey, Instant> placements;
    private final List<AlertRow> alerts = new ArrayList<>();

    AlertBatch(JdbcTemplate jdbc, SpendingSettings settings, Map<String, SpendingState> states,
               Map<AlertProjection.HoldKey, Instant> placements) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.states = states;
        this.placements = placements;
    }

    /**
     * Takes in an event the projector has just applied to the account, which has {@code currency}
     * at {@code scale}; {@code time} is the event's time. The projector has checked the event's
     * amounts, so they parse.
     */
    public void applied(LedgerEventData data, Instant time, String currency, int scale) {
        Event event = new Event(data.accountId(), data.sequence(), time, currency, scale);
        if (data instanceof AccountEntry entry) {
            onEntry(entry, event);
        } else if (data instanceof HoldPlaced hold) {
            onHoldPlaced(hold, event);
        } else if (data instanceof HoldReleased released) {
            onHoldReleased(released, event);
        } else if (data instanceof PaymentDeclined declined) {
            onDeclined(declined, event);
        } else if (data instanceof AccountLimitsSet limits) {
            onLimitsSet(limits, event);
        } else if (data instanceof AccountBudgetSet budget) {
            onBudgetSet(budget, event);
        }
    }

    private void onEntry(AccountEntry entry, Event event) {
        if (!AlertProjection.isSpending(entry)) {
            return;
        }
        SpendingState state = state(event.accountId);
        long amountMinor = DecimalAmounts.parse(entry.amount(), event.scale);
        LocalDate date = state.dateOf(event.time);
        // A hold counted against the limits when it was placed; its posting only spends.
        if (entry.kind() == AccountEntry.Kind.PAYMENT) {
            state.limitUsage.add(amountMinor, date);
            checkLimits(state, date, event);
        }
        if (state.spending.day != null && !date.equals(state.spending.day)) {
            state.recentDays.record(state.spending.day, state.spending.dayMinor);
        }
        state.spending.add(amountMinor, date);
        checkBudget(state, date, event);
        checkSpike(state, date, event);
    }

    private void onHoldPlaced(HoldPlaced hold, Event event) {
        SpendingState state = state(event.accountId);
        LocalDate date = state.dateOf(event.time);
        state.limitUsage.add(DecimalAmounts.parse(hold.amount(), event.scale), date);
        checkLimits(state, date, event);
        placements.put(new AlertProjection.HoldKey(event.accountId, hold.transferId()), event.time);
    }

    private void onHoldReleased(HoldReleased released, Event event) {
        SpendingState state = state(event.accountId);
        Instant placedAt = placements.remove(new AlertProjection.HoldKey(event.accountId, released.transferId()));
        if (placedAt == null) {
            log.warn("Hold {} of account {} ended but its placement is not in the projection; its unposted part "
                    + "is not given back to the limit usage", released.transferId(), event.accountId);
            return;
        }
        long unpostedMinor = DecimalAmounts.parse(released.amount(), event.scale)
                - DecimalAmounts.parse(released.posted(), event.scale);
        state.limitUsage.giveBack(unpostedMinor, state.dateOf(placedAt));
    }

    private void onDeclined(PaymentDeclined declined, Event event) {
        long amountMinor = DecimalAmounts.parse(declined.amount(), event.scale);
        String why = declined.limit() == null ? declined.reason()
                : declined.reason() + " (" + declined.limit() + " limit" + (declined.layer() == null ? ""
                : ", " + declined.layer() + " layer") + ")";
        raise(event, AlertType.PAYMENT_DECLINED, "Payment " + declined.transferId() + " of "
                        + event.money(amountMinor) + " to " + declined.counterpartyAccountId() + " was declined: " + why + ".",
                null, declined.limit(), null, null, declined.transferId(), declined.reason(), declined.layer(),
                amountMinor, null);
    }

    private void onLimitsSet(AccountLimitsSet limits, Event event) {
        SpendingState state = state(event.accountId);
        ZoneId zone = ZoneId.of(limits.timezone());
        LocalDate oldDate = state.dateOf(event.time);
        LocalDate newDate = LocalDate.ofInstant(event.time, zone);
        state.limitUsage.rezone(oldDate, newDate);
        state.spending.rezone(oldDate, newDate);
        state.zone = zone;
        Long dailyMinor = optionalAmount(limits.daily(), event.scale);
        Long monthlyMinor = optionalAmount(limits.monthly(), event.scale);
        // A new limit is measured afresh: what was raised against the old one says nothing about it.
        if (!Objects.equals(dailyMinor, state.dailyMinor)) {
            state.dailyLimitAlert.reset();
        }
        if (!Objects.equals(monthlyMinor, state.monthlyMinor)) {
            state.monthlyLimitAlert.reset();
        }
        state.perTransferMinor = optionalAmount(limits.perTransfer(), event.scale);
        state.dailyMinor = dailyMinor;
        state.monthlyMinor = monthlyMinor;
        state.perMinuteCount = limits.perMinuteCount();
        checkLimits(state, newDate, event);
    }

    private void onBudgetSet(AccountBudgetSet budget, Event event) {
        SpendingState state = state(event.accountId);
        state.budgetMonthlyMinor = DecimalAmounts.parse(budget.monthly(), event.scale);
        state.budgetThresholds = List.copyOf(budget.alertThresholds());
        // A new budget starts its alerts afresh; thresholds the month has passed already are raised at once.
        state.budgetAlert.reset();
        state.paceAlert.reset();
        checkBudget(state, state.dateOf(event.time), event);
    }

    private void checkLimits(SpendingState state, LocalDate date, Event event) {
        if (state.dailyMinor != null) {
            checkLimit(state.dailyLimitAlert, "daily", date.toString(), state.limitUsage.onDay(date),
                    state.dailyMinor, event);
        }
        if (state.monthlyMinor != null) {
            YearMonth month = YearMonth.from(date);
            checkLimit(state.monthlyLimitAlert, "monthly", month.toString(), state.limitUsage.inMonth(month),
                    state.monthlyMinor, event);
        }
    }

    /**
     * Raises LIMIT_NEAR at 80 % of the limit and LIMIT_REACHED at all of it, each once per period.
     * A payment that jumps past both raises only LIMIT_REACHED: the nearer news would be stale.
     */
    private void checkLimit(AlertMark mark, String limitName, String period, long usedMinor, long limitMinor,
                            Event event) {
        // used >= 80 % of limit, exactly and without overflow: limit - floor(limit / 5) is ceil(0.8 limit).
        long nearMinor = limitMinor - limitMinor / 5;
        int level = usedMinor >= limitMinor ? LEVEL_REACHED : usedMinor >= nearMinor ? LEVEL_NEAR : 0;
        if (level <= mark.levelIn(period)) {
            return;
        }
        mark.raise(period, level);
        String usage = event.money(usedMinor) + " of " + event.money(limitMinor);
        if (level == LEVEL_REACHED) {
            raise(event, AlertType.LIMIT_REACHED, "The " + limitName + " limit of " + period + " is reached: " + usage
                    + " used.", period, limitName, null, null, null, null, null, usedMinor, limitMinor);
        } else {
            raise(event, AlertType.LIMIT_NEAR, LIMIT_NEAR_PERCENT + " % of the " + limitName + " limit of " + period
                    + " is used: " + usage + ".", period, limitName, null, null, null, null, null, usedMinor, limitMinor);
        }
    }

    /** Raises each threshold once per month as spending reaches it, then the pace once per level and month. */
    private void checkBudget(SpendingState state, LocalDate date, Event event) {
        if (state.budgetMonthlyMinor == null) {
            return;
        }
        long budgetMinor = state.budgetMonthlyMinor;
        YearMonth month = YearMonth.from(date);
        String period = month.toString();
        long spentMinor = state.spending.inMonth(month);
        int reached = state.budgetAlert.levelIn(period);
        int alreadyRaised = reached;
        while (reached < state.budgetThresholds.size()
                && reaches(spentMinor, budgetMinor, state.budgetThresholds.get(reached))) {
            BigDecimal threshold = state.budgetThresholds.get(reached);
            String percent = threshold.movePointRight(2).stripTrailingZeros().toPlainString();
            raise(event, AlertType.BUDGET_THRESHOLD, "Spending in " + period + " reached " + percent
                            + " % of the monthly budget: " + event.money(spentMinor) + " of " + event.money(budgetMinor) + ".",
                    period, null, threshold.toPlainString(), null, null, null, null, spentMinor, budgetMinor);
            reached++;
        }
        if (reached > alreadyRaised) {
            state.budgetAlert.raise(period, reached);
        }
        BudgetPace pace = BudgetPace.of(spentMinor, budgetMinor, date.getDayOfMonth(), month.lengthOfMonth(),
                settings.paceTolerancePercent());
        if (pace.ordinal() <= state.paceAlert.levelIn(period)) {
            return;
        }
        state.paceAlert.raise(period, pace.ordinal());
        long plannedMinor = BudgetPace.plannedMinor(budgetMinor, date.getDayOfMonth(), month.lengthOfMonth());
        String detail = pace == BudgetPace.OVER
                ? "Spending in " + period + " is over the monthly budget: " + event.money(spentMinor) + " of "
                + event.money(budgetMinor) + "."
                : "Spending in " + period + " is ahead of the budget's pace: " + event.money(spentMinor) + " by day "
                + date.getDayOfMonth() + " of " + month.lengthOfMonth() + ", where the plan is "
                + event.money(plannedMinor) + " of " + event.money(budgetMinor) + ".";
        raise(event, AlertType.BUDGET_PACE, detail, period, null, null, pace.name(), null, null, null, spentMinor,
                pace == BudgetPace.OVER ? budgetMinor : plannedMinor);
    }

    /**
     * Raises SPENDING_SPIKE once per day when the day's spending passes 3 times the account's daily
     * average over the 30 days before it. The average is over the days it spent on, and needs at
     * least {@value #SPIKE_BASELINE_DAYS_MIN} of them: counting the days without spending as zeros
     * would make a steady payer's second week, and nearly every payment of an occasional payer, a
     * spike; fewer days than that are chance rather than a habit.
     */
    private void checkSpike(SpendingState state, LocalDate date, Event event) {
        String period = date.toString();
        int baselineDays = state.recentDays.daysWithSpending(date);
        if (baselineDays < SPIKE_BASELINE_DAYS_MIN || state.spikeAlert.levelIn(period) > 0) {
            return;
        }
        long trailingMinor = state.recentDays.trailingSum(date);
        long todayMinor = state.spending.onDay(date);
        // today > 3 * trailing / days, compared as today * days > 3 * trailing in exact integers.
        BigInteger today = BigInteger.valueOf(todayMinor).multiply(BigInteger.valueOf(baselineDays));
        if (today.compareTo(BigInteger.valueOf(trailingMinor).multiply(BigInteger.valueOf(SPIKE_FACTOR))) <= 0) {
            return;
        }
        state.spikeAlert.raise(period, 1);
        long averageMinor = trailingMinor / baselineDays;
        raise(event, AlertType.SPENDING_SPIKE, "Spending on " + period + " is " + event.money(todayMinor)
                        + ", more than " + SPIKE_FACTOR + " times the daily average of " + event.money(averageMinor)
                        + " on the " + baselineDays + " days with spending of the " + RecentDays.WINDOW_DAYS
                        + " before.",
                period, null, null, null, null, null, null, todayMinor, averageMinor);
    }

    private static boolean reaches(long spentMinor, long budgetMinor, BigDecimal threshold) {
        return BigDecimal.valueOf(spentMinor).compareTo(threshold.multiply(BigDecimal.valueOf(budgetMinor))) >= 0;
    }

    private static Long optionalAmount(String amount, int scale) {
        return amount == null ? null : DecimalAmounts.parse(amount, scale);
    }

    private SpendingState state(String accountId) {
        SpendingState state = states.computeIfAbsent(accountId, SpendingState::fresh);
        state.changed = true;
        return state;
    }

    private void raise(Event event, AlertType type, String detail, String period, String limitName, String threshold,
                       String pace, String transferId, String reason, String layer, Long amountMinor,
                       Long referenceMinor) {
        String text = detail.length() <= AlertRow.DETAIL_LENGTH_MAX ? detail
                : detail.substring(0, AlertRow.DETAIL_LENGTH_MAX);
        alerts.add(new AlertRow(event.accountId, event.sequence, event.nextOrdinal++, type, event.time, text, period,
                limitName, threshold, pace, transferId, reason, layer, amountMinor, referenceMinor));
    }

    /** Writes the changed rows and the new alerts; call once, after the projector's own writes. */
    public void write() {
        List<SpendingState> changed = new ArrayList<>();
        for (SpendingState state : states.values()) {
            if (state.changed) {
                changed.add(state);
            }
        }
        // Account id order, as the projector writes its rows, so concurrent writers lock in one order.
        changed.sort(Comparator.comparing(state -> state.accountId));
        List<SpendingState> created = changed.stream().filter(state -> !state.stored).toList();
        List<SpendingState> updated = changed.stream().filter(state -> state.stored).toList();
        if (!created.isEmpty()) {
            checkCounts(jdbc.batchUpdate(INSERT_STATE, created, WRITE_CHUNK_SIZE, (statement, state) -> {
                statement.setString(1, state.accountId);
                state.bind(statement, 2);
            }), "an insert into spending_account", true);
        }
        if (!updated.isEmpty()) {
            checkCounts(jdbc.batchUpdate(UPDATE_STATE, updated, WRITE_CHUNK_SIZE, (statement, state) -> {
                int next = state.bind(statement, 1);
                statement.setString(next, state.accountId);
            }), "an update of spending_account", false);
        }
        if (!alerts.isEmpty()) {
            checkCounts(jdbc.batchUpdate(INSERT_ALERT, alerts, WRITE_CHUNK_SIZE, AlertBatch::bindAlert),
                    "an insert into alert_view", true);
        }
    }

    private static void bindAlert(PreparedStatement statement, AlertRow alert) throws SQLException {
        statement.setString(1, alert.accountId());
        statement.setLong(2, alert.sequence());
        statement.setInt(3, alert.ordinal());
        statement.setString(4, alert.type().name());
        statement.setObject(5, OffsetDateTime.ofInstant(alert.occurredAt(), ZoneOffset.UTC));
        statement.setString(6, alert.detail());
        statement.setString(7, alert.period());
        statement.setString(8, alert.limitName());
        statement.setString(9, alert.threshold());
        statement.setString(10, alert.pace());
        statement.setString(11, alert.transferId());
        statement.setString(12, alert.reason());
        statement.setString(13, alert.layer());
        SpendingState.setNullableLong(statement, 14, alert.amountMinor());
        SpendingState.setNullableLong(statement, 15, alert.referenceMinor());
    }

    /** Drivers that rewrite batched inserts report SUCCESS_NO_INFO instead of a row count. */
    private static void checkCounts(int[][] counts, String what, boolean insert) {
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count != 1 && !(insert && count == Statement.SUCCESS_NO_INFO)) {
                    throw new IllegalStateException(what + " reported " + count + " rows");
                }
            }
        }
    }

    /** The event being taken in, and the place of its next alert among the alerts it raises. */
    private static final class Event {
        final String accountId;
        final long sequence;
        final Instant time;
        final String currency;
        final int scale;
        int nextOrdinal;

        Event(String accountId, long sequence, Instant time, String currency, int scale) {
            this.accountId = accountId;
            this.sequence = sequence;
            this.time = time;
            this.currency = currency;
            this.scale = scale;
        }

        String money(long amountMinor) {
            return DecimalAmounts.format(amountMinor, scale) + " " + currency;
        }
    }
}
