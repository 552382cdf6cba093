package dev.microledger.query.spending;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.balance.BalanceHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an account's spending summary for a period of calendar days in its time zone. The
 * period's entries are read once, as a range of the primary key found by time (see
 * {@link BalanceHistory}), so a summary costs the entries of its period (at most
 * {@link SpendingController#PERIOD_DAYS_MAX} days) and never the account's whole history; the
 * previous period and the budget's month are sums over ranges of the key, the declines over a range
 * of their index on (account, time). One read-only transaction holds it all on one connection.
 */
@Component
class SpendingQueries {

    static final int CATEGORIES_MAX = 100;
    static final int MERCHANTS_MAX = 10;
    static final int DECLINE_REASONS_MAX = 100;
    /** Rows fetched per round trip while a period is read, so PostgreSQL streams them instead of holding all. */
    static final int FETCH_SIZE = 1000;

    private static final String SELECT_PERIOD = """
            SELECT direction, kind, amount_minor, counterparty_account_id, category, occurred_at
              FROM entry_view
             WHERE account_id = ? AND sequence >= ? AND sequence < ?""";
    // Sums are taken in Java from the rows, with the tally's own idea of a payment, so that "payment"
    // is defined once.
    private static final String SELECT_MOVEMENTS = """
            SELECT direction, kind, amount_minor
              FROM entry_view
             WHERE account_id = ? AND sequence >= ? AND sequence < ?""";
    private static final String COUNT_DECLINES = """
            SELECT reason, COUNT(*) AS declines
              FROM decline_view
             WHERE account_id = ? AND occurred_at >= ? AND occurred_at < ?
             GROUP BY reason
             ORDER BY declines DESC, reason
             LIMIT %d""".formatted(DECLINE_REASONS_MAX);

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final SpendingSettings settings;
    private final BalanceHistory history;

    SpendingQueries(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SpendingSettings settings,
                    BalanceHistory history) {
        this.jdbc = jdbc;
        this.history = history;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.settings = settings;
    }

    /**
     * The summary of {@code from} to {@code to} (both included) for the account; {@code today} is
     * the current date in the account's time zone, which decides the budget's pace and which day
     * and month the limits' usage is of.
     */
    SpendingSummary summarize(AccountRow account, SpendingProfile profile, LocalDate from, LocalDate to,
                              LocalDate today) {
        return readOnly.execute(status -> summarizeInTransaction(account, profile, from, to, today));
    }

    private SpendingSummary summarizeInTransaction(AccountRow account, SpendingProfile profile, LocalDate from,
                                                   LocalDate to, LocalDate today) {
        int scale = account.scale();
        ZoneId zone = profile.zone();
        long smallThresholdMinor = settings.smallPaymentThresholdMinor(account.currency(), scale);
        SpendingTally tally = new SpendingTally(from, to, zone, smallThresholdMinor);
        BalanceHistory.SequenceRange period = history.range(account, tally.start(), tally.end());
        streaming.query(SELECT_PERIOD, (RowCallbackHandler) row ->
                tally.add(row.getString("direction"), row.getString("kind"), row.getLong("amount_minor"),
                        row.getString("counterparty_account_id"), row.getString("category"),
                        row.getObject("occurred_at", OffsetDateTime.class).toInstant()),
                account.accountId(), period.from(), period.to());

        int days = tally.dailyMinor.length;
        Instant previousStart = from.minusDays(days).atStartOfDay(zone).toInstant();
        long previousMinor = paymentsIn(account.accountId(),
                new BalanceHistory.SequenceRange(history.firstSequenceFrom(account, previousStart), period.from()));

        List<SpendingSummary.DaySpent> daily = new ArrayList<>(days);
        for (int day = 0; day < days; day++) {
            daily.add(new SpendingSummary.DaySpent(tally.date(day), money(tally.dailyMinor[day], scale)));
        }
        List<SpendingSummary.CategoryTotal> categories = new ArrayList<>();
        for (SpendingTally.Totals totals : tally.topCategories(CATEGORIES_MAX)) {
            categories.add(new SpendingSummary.CategoryTotal(totals.key, money(totals.totalMinor, scale), totals.count));
        }
        List<SpendingSummary.MerchantTotal> merchants = new ArrayList<>();
        for (SpendingTally.Totals totals : tally.topPayees(MERCHANTS_MAX)) {
            merchants.add(new SpendingSummary.MerchantTotal(totals.key, money(totals.totalMinor, scale), totals.count));
        }
        long averageMinor = tally.paymentCount == 0 ? 0 : BigDecimal.valueOf(tally.spentMinor)
                .divide(BigDecimal.valueOf(tally.paymentCount), 0, RoundingMode.HALF_UP).longValueExact();

        return new SpendingSummary(
                account.accountId(),
                account.currency(),
                from,
                to,
                zone.getId(),
                money(tally.spentMinor, scale),
                money(tally.receivedMinor, scale),
                money(tally.refundedMinor, scale),
                tally.paymentCount,
                money(averageMinor, scale),
                money(tally.largestMinor, scale),
                new SpendingSummary.SmallPayments(money(smallThresholdMinor, scale), tally.smallCount,
                        money(tally.smallMinor, scale)),
                categories,
                merchants,
                daily,
                money(previousMinor, scale),
                percent(Math.subtractExact(tally.spentMinor, previousMinor), previousMinor),
                budget(account, profile, from, to, tally.spentMinor, today),
                limits(profile, tally.largestMinor, today, scale),
                declines(account.accountId(), tally.start(), tally.end()));
    }

    /**
     * The budget of the month {@code to} falls in; its use is that month's spending so far, and its
     * pace counts the days elapsed: all of them for a past month, none for a future one.
     */
    private SpendingSummary.Budget budget(AccountRow account, SpendingProfile profile, LocalDate from, LocalDate to,
                                          long periodSpentMinor, LocalDate today) {
        if (profile.budgetMonthlyMinor() == null) {
            return null;
        }
        long budgetMinor = profile.budgetMonthlyMinor();
        YearMonth month = YearMonth.from(to);
        boolean periodIsMonth = from.equals(month.atDay(1)) && to.equals(month.atEndOfMonth());
        long usedMinor = periodIsMonth ? periodSpentMinor : paymentsIn(account.accountId(), history.range(account,
                month.atDay(1).atStartOfDay(profile.zone()).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(profile.zone()).toInstant()));
        int daysInMonth = month.lengthOfMonth();
        YearMonth current = YearMonth.from(today);
        int elapsed = month.equals(current) ? today.getDayOfMonth() : month.isBefore(current) ? daysInMonth : 0;
        BudgetPace pace = BudgetPace.of(usedMinor, budgetMinor, elapsed, daysInMonth, settings.paceTolerancePercent());
        long projectedMinor = elapsed == 0 ? usedMinor : saturated(BigInteger.valueOf(usedMinor)
                .multiply(BigInteger.valueOf(daysInMonth))
                .add(BigInteger.valueOf(elapsed / 2))
                .divide(BigInteger.valueOf(elapsed)));
        int scale = account.scale();
        return new SpendingSummary.Budget(money(budgetMinor, scale), money(usedMinor, scale),
                percent(usedMinor, budgetMinor), pace.name(), money(projectedMinor, scale), month.toString());
    }

    /**
     * Every limit the account has, with what it has used: for {@code perTransfer} the period's
     * largest payment (each payment may use the whole limit, so it remains in full); for
     * {@code daily} and {@code monthly} what today and this month have used as the ledger counts it.
     */
    private static List<SpendingSummary.LimitUsage> limits(SpendingProfile profile, long largestMinor, LocalDate today,
                                                           int scale) {
        List<SpendingSummary.LimitUsage> limits = new ArrayList<>(3);
        if (profile.perTransferMinor() != null) {
            limits.add(new SpendingSummary.LimitUsage("perTransfer", money(profile.perTransferMinor(), scale),
                    money(largestMinor, scale), money(profile.perTransferMinor(), scale), null));
        }
        if (profile.dailyMinor() != null) {
            long usedMinor = profile.limitUsedOnDay(today);
            limits.add(new SpendingSummary.LimitUsage("daily", money(profile.dailyMinor(), scale), money(usedMinor, scale),
                    money(Math.max(0, profile.dailyMinor() - usedMinor), scale), today.toString()));
        }
        if (profile.monthlyMinor() != null) {
            YearMonth month = YearMonth.from(today);
            long usedMinor = profile.limitUsedInMonth(month);
            limits.add(new SpendingSummary.LimitUsage("monthly", money(profile.monthlyMinor(), scale),
                    money(usedMinor, scale), money(Math.max(0, profile.monthlyMinor() - usedMinor), scale),
                    month.toString()));
        }
        return limits;
    }

    private List<SpendingSummary.DeclineCount> declines(String accountId, Instant start, Instant end) {
        return jdbc.query(COUNT_DECLINES, (row, rowNumber) ->
                new SpendingSummary.DeclineCount(row.getString("reason"), row.getLong("declines")),
                accountId, time(start), time(end));
    }

    private long paymentsIn(String accountId, BalanceHistory.SequenceRange range) {
        long[] spentMinor = new long[1];
        streaming.query(SELECT_MOVEMENTS, (RowCallbackHandler) row -> {
            if (SpendingTally.isPayment(row.getString("direction"), row.getString("kind"))) {
                spentMinor[0] = Math.addExact(spentMinor[0], row.getLong("amount_minor"));
            }
        }, accountId, range.from(), range.to());
        return spentMinor[0];
    }

    /** {@code part} of {@code whole} in percent with one decimal; null when the whole is zero. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private static long saturated(BigInteger value) {
        return value.bitLength() < Long.SIZE ? value.longValueExact() : Long.MAX_VALUE;
    }

    private static String money(long amountMinor, int scale) {
        return DecimalAmounts.format(amountMinor, scale);
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
