package dev.microledger.query.spending;

import dev.microledger.events.LedgerEvent;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.balance.BalanceHistory;
import dev.microledger.query.consuming.TestProjection;
import dev.microledger.query.support.SpendingScenario;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spending summaries against hand-computed numbers (see {@link SpendingScenario}): calendar days
 * of Asia/Seoul, sub-cent amounts, refunds, holds in every state, the budget and the limits.
 */
class SpendingSummaryTests {

    private static final LocalDate NOVEMBER_7 = LocalDate.parse("2026-11-07");

    private final TestLedger ledger = new TestLedger();
    private TestProjection projection;
    private SpendingScenario scenario;
    private SpendingQueries queries;
    private SpendingProfiles profiles;

    @BeforeEach
    void project() {
        projection = new TestProjection("spending");
        scenario = new SpendingScenario(ledger, "");
        projection.apply(scenario.events);
        queries = new SpendingQueries(projection.jdbc(), projection.transactionManager(), SpendingSettings.DEFAULTS,
                new BalanceHistory(projection.jdbc()));
        profiles = new SpendingProfiles(projection.jdbc());
    }

    private SpendingSummary summary(String accountId, String from, String to, LocalDate today) {
        AccountRow account = projection.account(accountId);
        return queries.summarize(account, profiles.find(accountId), LocalDate.parse(from), LocalDate.parse(to), today);
    }

    @Test
    void novemberInSeoulCountsPaymentsAndPostedHoldsButNotRefundsOrOpenHolds() {
        SpendingSummary november = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7);

        assertThat(november.timezone()).isEqualTo("Asia/Seoul");
        assertThat(november.spent()).isEqualTo("6.755");
        assertThat(november.count()).isEqualTo(5);
        assertThat(november.averagePayment()).isEqualTo("1.351");
        assertThat(november.largestPayment()).isEqualTo("4");
        assertThat(november.received()).isEqualTo("0");
        assertThat(november.refunded()).isEqualTo("1.5");
        assertThat(november.smallPayments()).isEqualTo(new SpendingSummary.SmallPayments("1", 3, "0.755"));
        assertThat(november.byCategory()).containsExactly(
                new SpendingSummary.CategoryTotal("games", "6", 2),
                new SpendingSummary.CategoryTotal("tips", "0.75", 1),
                new SpendingSummary.CategoryTotal("news", "0.005", 2));
        assertThat(november.topMerchants()).containsExactly(
                new SpendingSummary.MerchantTotal(scenario.game, "6", 2),
                new SpendingSummary.MerchantTotal(scenario.tips, "0.75", 1),
                new SpendingSummary.MerchantTotal(scenario.news, "0.005", 2));
        assertThat(november.declines()).containsExactly(
                new SpendingSummary.DeclineCount("insufficient_funds", 1),
                new SpendingSummary.DeclineCount("limit_exceeded", 1));
    }

    @Test
    void aPaymentAtHalfPastThreeUtcOnOctoberTheThirtyFirstIsNovemberTheFirstInSeoul() {
        SpendingSummary november = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7);
        SpendingSummary october = summary(scenario.alice, "2026-10-01", "2026-10-31", NOVEMBER_7);

        assertThat(november.daily()).hasSize(30);
        assertThat(november.daily().get(0)).isEqualTo(day("2026-11-01", "0.005"));
        assertThat(october.spent()).isEqualTo("0.0025");
        assertThat(october.count()).isEqualTo(1);
        assertThat(october.received()).isEqualTo("100");
        assertThat(october.daily()).hasSize(31);
        assertThat(october.daily().get(30)).isEqualTo(day("2026-10-31", "0.0025"));
    }

    @Test
    void theDailySeriesHasEveryDayOfThePeriodWithZerosAndAddsUpToTheSpending() {
        SpendingSummary november = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7);

        List<SpendingSummary.DaySpent> expected = new ArrayList<>();
        Map<String, String> spentDays = Map.of("2026-11-01", "0.005", "2026-11-02", "4", "2026-11-03", "2",
                "2026-11-07", "0.75");
        for (int day = 1; day <= 30; day++) {
            String date = "2026-11-%02d".formatted(day);
            expected.add(day(date, spentDays.getOrDefault(date, "0")));
        }
        assertThat(november.daily()).isEqualTo(expected);
        BigDecimal sum = november.daily().stream().map(day -> new BigDecimal(day.spent()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(november.spent());
    }

    @Test
    void aRangeOfDaysSpansTheMonthBoundaryAndComparesWithAsManyDaysBefore() {
        SpendingSummary twoDays = summary(scenario.alice, "2026-10-31", "2026-11-01", NOVEMBER_7);

        assertThat(twoDays.from()).isEqualTo("2026-10-31");
        assertThat(twoDays.to()).isEqualTo("2026-11-01");
        assertThat(twoDays.daily()).containsExactly(day("2026-10-31", "0.0025"), day("2026-11-01", "0.005"));
        assertThat(twoDays.spent()).isEqualTo("0.0075");
        assertThat(twoDays.previousPeriodSpent()).isEqualTo("0");
        assertThat(twoDays.changePercent()).isNull();
        // The budget is the one of the month the period ends in, with that whole month's spending.
        assertThat(twoDays.budget().month()).isEqualTo("2026-11");
        assertThat(twoDays.budget().used()).isEqualTo("6.755");
    }

    @Test
    void thePreviousPeriodIsTheSameNumberOfDaysJustBefore() {
        SpendingSummary november = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7);

        // October 2 to 31 in Seoul holds t-oct alone.
        assertThat(november.previousPeriodSpent()).isEqualTo("0.0025");
        assertThat(november.changePercent()).isEqualByComparingTo("270100.0");
    }

    @Test
    void theBudgetIsOnTrackOnTheSeventhAndAheadOnTheSecond() {
        SpendingSummary.Budget onTheSeventh = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7).budget();
        SpendingSummary.Budget onTheSecond = summary(scenario.alice, "2026-11-01", "2026-11-30",
                LocalDate.parse("2026-11-02")).budget();

        // Day 7 of 30: the plan is 7 plus the tolerance of 3 (10 % of 30); 6.755 is within it.
        assertThat(onTheSeventh).isEqualTo(new SpendingSummary.Budget("30", "6.755", new BigDecimal("22.5"),
                "ON_TRACK", "28.95", "2026-11"));
        // Day 2 of 30: the plan is 2 + 3 = 5; 6.755 is ahead, and at that rate the month ends at 101.325.
        assertThat(onTheSecond.pace()).isEqualTo("AHEAD");
        assertThat(onTheSecond.projectedSpend()).isEqualTo("101.325");
    }

    @Test
    void aPastMonthIsProjectedAtWhatItSpentAndAFutureOneAtNothing() {
        SpendingSummary.Budget october = summary(scenario.alice, "2026-10-01", "2026-10-31", NOVEMBER_7).budget();
        SpendingSummary.Budget december = summary(scenario.alice, "2026-12-01", "2026-12-31", NOVEMBER_7).budget();

        assertThat(october).isEqualTo(new SpendingSummary.Budget("30", "0.0025", new BigDecimal("0.0"), "ON_TRACK",
                "0.0025", "2026-10"));
        assertThat(december).isEqualTo(new SpendingSummary.Budget("30", "0", new BigDecimal("0.0"), "ON_TRACK",
                "0", "2026-12"));
    }

    @Test
    void limitsShowTodaysAndThisMonthsUsageAsTheLedgerCountsHolds() {
        SpendingSummary november = summary(scenario.alice, "2026-11-01", "2026-11-30", NOVEMBER_7);

        assertThat(november.limits()).containsExactly(
                new SpendingSummary.LimitUsage("perTransfer", "5", "4", "5", null),
                new SpendingSummary.LimitUsage("daily", "20", "0.75", "19.25", "2026-11-07"),
                new SpendingSummary.LimitUsage("monthly", "100", "7.255", "92.745", "2026-11"));
        // On a day without payments nothing of the daily limit is used.
        SpendingSummary later = summary(scenario.alice, "2026-11-01", "2026-11-30", LocalDate.parse("2026-11-09"));
        assertThat(later.limits().get(1)).isEqualTo(
                new SpendingSummary.LimitUsage("daily", "20", "0", "20", "2026-11-09"));
    }

    @Test
    void aBudgetOverspentIsOverAndAnAccountWithoutBudgetOrLimitsHasNone() {
        List<LedgerEvent> events = new ArrayList<>();
        ledger.at(Instant.parse("2026-09-01T00:00:00Z"));
        events.add(ledger.open("carol", "USER", "KRW", 2, "0"));
        events.add(ledger.open("krw-funding", "SYSTEM", "KRW", 2, "0"));
        events.add(ledger.open("shop", "MERCHANT", "KRW", 2, "0"));
        events.addAll(ledger.transfer("carol-top-up", "krw-funding", "carol", "5000", null));
        events.add(ledger.budget("carol", "1000"));
        ledger.at(Instant.parse("2026-09-10T12:00:00Z"));
        events.addAll(ledger.transfer("carol-1", "carol", "shop", "1500.5", null));
        projection.apply(events);

        SpendingSummary carol = summary("carol", "2026-09-01", "2026-09-30", NOVEMBER_7);
        SpendingSummary shop = summary("shop", "2026-09-01", "2026-09-30", NOVEMBER_7);

        assertThat(carol.timezone()).isEqualTo("UTC");
        assertThat(carol.budget()).isEqualTo(new SpendingSummary.Budget("1000", "1500.5", new BigDecimal("150.1"),
                "OVER", "1500.5", "2026-09"));
        assertThat(carol.byCategory()).containsExactly(new SpendingSummary.CategoryTotal(null, "1500.5", 1));
        // KRW has its own threshold, 1000 KRW (1.00 KRW means nothing); 1500.5 is above it.
        assertThat(carol.smallPayments()).isEqualTo(new SpendingSummary.SmallPayments("1000", 0, "0"));
        assertThat(carol.limits()).isEmpty();
        assertThat(shop.budget()).isNull();
        assertThat(shop.spent()).isEqualTo("0");
        assertThat(shop.averagePayment()).isEqualTo("0");
        assertThat(shop.received()).isEqualTo("1500.5");
    }

    @Test
    void aConfiguredThresholdPerCurrencyDecidesWhatIsSmall() {
        SpendingSettings settings = new SpendingSettings("1.00", Map.of("USD", "0.0025"), 10);
        SpendingQueries strict = new SpendingQueries(projection.jdbc(), projection.transactionManager(), settings,
                new BalanceHistory(projection.jdbc()));
        AccountRow alice = projection.account(scenario.alice);

        SpendingSummary november = strict.summarize(alice, profiles.find(scenario.alice), LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-30"), NOVEMBER_7);

        assertThat(november.smallPayments()).isEqualTo(new SpendingSummary.SmallPayments("0.0025", 2, "0.005"));
    }

    private static SpendingSummary.DaySpent day(String date, String spent) {
        return new SpendingSummary.DaySpent(LocalDate.parse(date), spent);
    }
}
