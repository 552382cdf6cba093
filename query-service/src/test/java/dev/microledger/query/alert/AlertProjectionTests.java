package dev.microledger.query.alert;

import dev.microledger.events.LedgerEvent;
import dev.microledger.query.consuming.TestProjection;
import dev.microledger.query.support.SpendingScenario;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts as the projection raises them from events, against a real database with the real
 * migrations: each type, once per period, and the same alerts again from the same events.
 */
class AlertProjectionTests {

    private final TestLedger ledger = new TestLedger();
    private TestProjection projection;
    private AlertQueries queries;

    @BeforeEach
    void openAccounts() {
        projection = new TestProjection("alerts");
        queries = new AlertQueries(projection.jdbc());
        projection.apply(opening(ledger));
    }

    /** funding, alice (USD, UTC) with 1000, and a shop, on 2026-09-01. */
    private static List<LedgerEvent> opening(TestLedger ledger) {
        List<LedgerEvent> events = new ArrayList<>();
        ledger.at(Instant.parse("2026-09-01T00:00:00Z"));
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("alice", "USER", "USD", 6, "0"));
        events.add(ledger.open("shop", "MERCHANT", "USD", 6, "0"));
        events.addAll(ledger.transfer("top-up", "funding", "alice", "1000", null));
        return events;
    }

    private List<LedgerEvent> pay(String at, String... amounts) {
        ledger.at(Instant.parse(at));
        List<LedgerEvent> events = new ArrayList<>();
        for (String amount : amounts) {
            events.addAll(ledger.transfer("t-" + ledger.version("alice"), "alice", "shop", amount, "shopping"));
        }
        return events;
    }

    /** The account's alerts of the given types (all when none given), oldest first, as "TYPE period amount/reference". */
    private List<String> alerts(String accountId, AlertType... types) {
        Set<String> wanted = new HashSet<>();
        for (AlertType type : types.length == 0 ? AlertType.values() : types) {
            wanted.add(type.name());
        }
        List<AlertList.Alert> newestFirst = new ArrayList<>(
                queries.newest(projection.account(accountId), AlertController.LIMIT_MAX).alerts());
        List<String> summaries = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            AlertList.Alert alert = newestFirst.get(i);
            if (!wanted.contains(alert.type())) {
                continue;
            }
            String about = alert.limit() != null ? " " + alert.limit()
                    : alert.threshold() != null ? " " + alert.threshold().toPlainString()
                    : alert.pace() != null ? " " + alert.pace() : "";
            summaries.add(alert.type() + about + " " + alert.period() + " " + alert.amount() + "/" + alert.reference());
        }
        return summaries;
    }

    @Test
    void eachBudgetThresholdIsRaisedOncePerMonthWhenSpendingFirstReachesIt() {
        ledger.at(Instant.parse("2026-11-01T00:00:00Z"));
        projection.apply(List.of(ledger.budget("alice", "30", "0.5", "0.8", "1")));
        // Late in the month the plan allows 28 + 3 of 30, so the pace stays quiet until the budget is over.
        projection.apply(pay("2026-11-28T10:00:00Z", "10", "6", "9", "4", "1"));
        projection.apply(pay("2026-11-29T10:00:00Z", "0.5", "1"));
        projection.apply(pay("2026-12-28T10:00:00Z", "20", "1"));

        assertThat(alerts("alice", AlertType.BUDGET_THRESHOLD, AlertType.BUDGET_PACE)).containsExactly(
                "BUDGET_THRESHOLD 0.5 2026-11 16/30",
                "BUDGET_THRESHOLD 0.8 2026-11 25/30",
                "BUDGET_THRESHOLD 1 2026-11 30/30",
                "BUDGET_PACE OVER 2026-11 30.5/30",
                "BUDGET_THRESHOLD 0.5 2026-12 20/30");
        AlertList.Alert newest = newestOf("alice", AlertType.BUDGET_THRESHOLD);
        assertThat(newest.detail()).isEqualTo("Spending in 2026-12 reached 50 % of the monthly budget: 20 USD of 30 USD.");
        assertThat(newest.threshold()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-12-28T10:00:00Z"));
    }

    @Test
    void aPaymentPastSeveralThresholdsRaisesEachAndANewBudgetRaisesWhatItFindsPassed() {
        ledger.at(Instant.parse("2026-11-20T00:00:00Z"));
        projection.apply(List.of(ledger.budget("alice", "100", "0.25", "0.5")));
        projection.apply(pay("2026-11-20T10:00:00Z", "60"));
        ledger.at(Instant.parse("2026-11-21T00:00:00Z"));
        projection.apply(List.of(ledger.budget("alice", "200", "0.25", "0.5")));

        assertThat(alerts("alice")).containsExactly(
                "BUDGET_THRESHOLD 0.25 2026-11 60/100",
                "BUDGET_THRESHOLD 0.5 2026-11 60/100",
                "BUDGET_THRESHOLD 0.25 2026-11 60/200");
    }

    @Test
    void theBudgetPaceIsRaisedWhenSpendingRunsAheadAndAgainWhenItIsOver() {
        ledger.at(Instant.parse("2026-11-01T00:00:00Z"));
        projection.apply(List.of(ledger.budget("alice", "30")));
        // Day 2 of 30: the plan is 2, the tolerance 3 (10 % of 30); 5 is within, 5.01 is ahead.
        projection.apply(pay("2026-11-02T10:00:00Z", "5", "0.01", "1"));
        projection.apply(pay("2026-11-20T10:00:00Z", "23.99", "0.01"));

        assertThat(alerts("alice", AlertType.BUDGET_PACE)).containsExactly(
                "BUDGET_PACE AHEAD 2026-11 5.01/2",
                "BUDGET_PACE OVER 2026-11 30.01/30");
        assertThat(queries.newest(projection.account("alice"), 10).alerts().stream()
                .filter(alert -> "AHEAD".equals(alert.pace())).findFirst().orElseThrow().detail()).isEqualTo(
                "Spending in 2026-11 is ahead of the budget's pace: 5.01 USD by day 2 of 30, where the plan is "
                        + "2 USD of 30 USD.");
    }

    @Test
    void limitsAreNearAt80PercentAndReachedAtAllOfItOncePerDayOrMonth() {
        ledger.at(Instant.parse("2026-11-03T00:00:00Z"));
        projection.apply(List.of(ledger.limits("alice", null, "10", "20", null, "UTC")));
        projection.apply(pay("2026-11-03T10:00:00Z", "7", "1", "2"));
        ledger.at(Instant.parse("2026-11-04T10:00:00Z"));
        projection.apply(List.of(ledger.hold("h-1", "alice", "shop", "9")));
        projection.apply(List.of(ledger.release("h-1", "alice", "9", "VOIDED")));
        projection.apply(pay("2026-11-04T11:00:00Z", "9.5"));
        ledger.at(Instant.parse("2026-11-05T00:00:00Z"));
        projection.apply(List.of(ledger.limits("alice", null, "5", "20", null, "UTC")));
        // From 0 to all of the new daily limit at once: only LIMIT_REACHED.
        projection.apply(pay("2026-11-05T10:00:00Z", "5"));

        assertThat(alerts("alice")).containsExactly(
                "LIMIT_NEAR daily 2026-11-03 8/10",
                "LIMIT_REACHED daily 2026-11-03 10/10",
                "LIMIT_NEAR daily 2026-11-04 9/10",
                "LIMIT_NEAR monthly 2026-11 19/20",
                "LIMIT_REACHED daily 2026-11-05 5/5",
                "LIMIT_REACHED monthly 2026-11 24.5/20");
        assertThat(newestOf("alice", AlertType.LIMIT_NEAR).detail())
                .isEqualTo("80 % of the monthly limit of 2026-11 is used: 19 USD of 20 USD.");
        assertThat(newestOf("alice", AlertType.LIMIT_REACHED).detail())
                .isEqualTo("The monthly limit of 2026-11 is reached: 24.5 USD of 20 USD used.");
    }

    @Test
    void aHoldCountsAgainstTheLimitsWhenPlacedAndItsUnpostedPartComesBackWithinItsDayAndMonth() {
        ledger.at(Instant.parse("2026-11-03T00:00:00Z"));
        projection.apply(List.of(ledger.limits("alice", null, "100", "1000", null, "UTC")));
        ledger.at(Instant.parse("2026-11-03T10:00:00Z"));
        projection.apply(List.of(ledger.hold("h-1", "alice", "shop", "4"), ledger.hold("h-2", "alice", "shop", "3")));
        assertThat(usage("alice")).containsEntry("LIMIT_DAY_USED_MINOR", 7_000_000L)
                .containsEntry("LIMIT_MONTH_USED_MINOR", 7_000_000L).containsEntry("SPENT_MONTH_MINOR", 0L);

        // Posted in part on its day: the rest comes back to the day and the month; the posting is spending.
        projection.apply(ledger.postHold("h-1", "alice", "shop", "4", "2.5"));
        assertThat(usage("alice")).containsEntry("LIMIT_DAY_USED_MINOR", 5_500_000L)
                .containsEntry("LIMIT_MONTH_USED_MINOR", 5_500_000L).containsEntry("SPENT_MONTH_MINOR", 2_500_000L);

        // Expired the next day: the day it counted on is over, its month is not.
        ledger.at(Instant.parse("2026-11-04T10:00:00Z"));
        projection.apply(pay("2026-11-04T09:00:00Z", "1"));
        projection.apply(List.of(ledger.release("h-2", "alice", "3", "EXPIRED")));
        assertThat(usage("alice")).containsEntry("LIMIT_DAY", java.sql.Date.valueOf("2026-11-04"))
                .containsEntry("LIMIT_DAY_USED_MINOR", 1_000_000L).containsEntry("LIMIT_MONTH_USED_MINOR", 3_500_000L);
    }

    @Test
    void aDeclinedPaymentIsAnAlertWithItsReason() {
        ledger.at(Instant.parse("2026-11-08T03:00:00Z"));
        projection.apply(List.of(
                ledger.declined("alice", "t-big", "shop", "5000", "insufficient_funds", null, null),
                ledger.declined("alice", "t-over", "shop", "30", "limit_exceeded", "daily", "account")));

        List<AlertList.Alert> alerts = queries.newest(projection.account("alice"), 10).alerts();

        assertThat(alerts).extracting(AlertList.Alert::type).containsExactly("PAYMENT_DECLINED", "PAYMENT_DECLINED");
        AlertList.Alert overLimit = alerts.get(0);
        assertThat(overLimit.transferId()).isEqualTo("t-over");
        assertThat(overLimit.reason()).isEqualTo("limit_exceeded");
        assertThat(overLimit.limit()).isEqualTo("daily");
        assertThat(overLimit.layer()).isEqualTo("account");
        assertThat(overLimit.amount()).isEqualTo("30");
        assertThat(overLimit.detail()).isEqualTo(
                "Payment t-over of 30 USD to shop was declined: limit_exceeded (daily limit, account layer).");
        assertThat(alerts.get(1).detail()).isEqualTo("Payment t-big of 5000 USD to shop was declined: insufficient_funds.");
        assertThat(alerts.get(1).sequence()).isEqualTo(alerts.get(0).sequence() - 1);
    }

    @Test
    void aDaysSpendingAboveThreeTimesTheTrailingAverageIsASpikeOncePerDay() {
        for (int day = 1; day <= 10; day++) {
            projection.apply(pay("2026-10-%02dT12:00:00Z".formatted(day), "1"));
        }
        // Ten days of 1: the average is 1, so 3 is no spike and 3.1 is one.
        projection.apply(pay("2026-10-11T12:00:00Z", "1", "1.5", "0.5", "0.1", "5"));
        // Eleven days hold 18.1: an average of 1.645..., three times that is 4.936...
        projection.apply(pay("2026-10-12T12:00:00Z", "4.9", "0.1"));

        assertThat(alerts("alice")).containsExactly(
                "SPENDING_SPIKE 2026-10-11 3.1/1",
                "SPENDING_SPIKE 2026-10-12 5/1.645454");
        assertThat(newestOf("alice", AlertType.SPENDING_SPIKE).detail()).isEqualTo("Spending on 2026-10-12 is 5 USD, "
                + "more than 3 times the daily average of 1.645454 USD on the 11 days with spending of the 30 before.");
    }

    @Test
    void theAverageIsOverTheDaysWithSpendingAndNeedsThreeOfThem() {
        // An occasional payer: 1 on every fourth day is an average of 1 a spending day, not 0.25 a day.
        projection.apply(pay("2026-10-01T12:00:00Z", "1"));
        projection.apply(pay("2026-10-05T12:00:00Z", "1"));
        // Two days are no baseline yet; three are.
        projection.apply(pay("2026-10-09T12:00:00Z", "10"));
        projection.apply(pay("2026-10-13T12:00:00Z", "1", "11", "0.1", "5"));

        // The three days before hold 12, an average of 4: 12 is not above 12, 12.1 is.
        assertThat(alerts("alice")).containsExactly("SPENDING_SPIKE 2026-10-13 12.1/4");
    }

    @Test
    void projectingTheSameEventsIntoAFreshDatabaseGivesTheSameAlerts() {
        TestLedger replayed = new TestLedger();
        List<LedgerEvent> events = new ArrayList<>(opening(replayed));
        SpendingScenario scenario = new SpendingScenario(replayed, "s-");
        events.addAll(scenario.events);
        replayed.at(Instant.parse("2026-12-01T00:00:00Z"));
        events.add(replayed.budget(scenario.alice, "5", "0.5"));
        events.add(replayed.limits(scenario.alice, null, "3", "10", null, "Asia/Seoul"));
        for (int day = 1; day <= 12; day++) {
            replayed.at(Instant.parse("2026-12-%02dT01:00:00Z".formatted(day)));
            events.addAll(replayed.transfer("d-" + day, scenario.alice, scenario.news, day == 12 ? "3" : day == 11 ? "2.5" : "0.1", "news"));
        }
        TestProjection oneBatch = new TestProjection("alerts-one-batch");
        TestProjection oneByOne = new TestProjection("alerts-one-by-one");

        oneBatch.apply(events);
        oneByOne.applyOneByOne(events);

        String alertRows = "SELECT * FROM alert_view ORDER BY account_id, sequence, ordinal";
        List<Map<String, Object>> alerts = oneBatch.jdbc().queryForList(alertRows);
        assertThat(oneByOne.jdbc().queryForList(alertRows)).isEqualTo(alerts);
        String stateRows = "SELECT * FROM spending_account ORDER BY account_id";
        assertThat(oneByOne.jdbc().queryForList(stateRows)).isEqualTo(oneBatch.jdbc().queryForList(stateRows));
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        alerts.forEach(row -> types.add(AlertType.valueOf((String) row.get("ALERT_TYPE"))));
        assertThat(types).containsExactlyInAnyOrder(AlertType.values());
    }

    private AlertList.Alert newestOf(String accountId, AlertType type) {
        return queries.newest(projection.account(accountId), AlertController.LIMIT_MAX).alerts().stream()
                .filter(alert -> alert.type().equals(type.name())).findFirst().orElseThrow();
    }

    private Map<String, Object> usage(String accountId) {
        return projection.jdbc().queryForMap("SELECT * FROM spending_account WHERE account_id = ?", accountId);
    }
}
