package dev.microledger.query.statement;

import dev.microledger.events.LedgerEvent;
import dev.microledger.query.balance.BalanceHistory;
import dev.microledger.query.consuming.TestProjection;
import dev.microledger.query.support.SpendingScenario;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Monthly statements against hand-computed numbers: a prepaid payer in Seoul, a merchant, a postpaid payer. */
class StatementTests {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final TestLedger ledger = new TestLedger();
    private TestProjection projection;
    private SpendingScenario scenario;
    private StatementQueries queries;

    @BeforeEach
    void project() {
        projection = new TestProjection("statements");
        scenario = new SpendingScenario(ledger, "");
        projection.apply(scenario.events);
        queries = new StatementQueries(projection.jdbc(), new BalanceHistory(projection.jdbc()));
    }

    private MonthlyStatement statement(String accountId, String month, ZoneId zone) {
        return queries.statement(projection.account(accountId), YearMonth.parse(month), zone);
    }

    @Test
    void aPayersNovemberInSeoulRunsFromItsFirstToItsLastMinuteThere() {
        MonthlyStatement november = statement(scenario.alice, "2026-11", SEOUL);

        assertThat(november).isEqualTo(new MonthlyStatement(scenario.alice, "2026-11", "99.9975", "6.755", "1.5", "0",
                "0", "0", "0", "0", "0", "94.7425", "0", "USD", "Asia/Seoul", Instant.parse("2026-10-31T15:00:00Z"),
                Instant.parse("2026-11-30T15:00:00Z")));
        assertAddsUp(november);
    }

    @Test
    void octoberEndsWhereNovemberStarts() {
        MonthlyStatement october = statement(scenario.alice, "2026-10", SEOUL);

        assertThat(october.openingBalance()).isEqualTo("0");
        assertThat(october.payments()).isEqualTo("0.0025");
        assertThat(october.topUps()).isEqualTo("100");
        assertThat(october.closingBalance()).isEqualTo(statement(scenario.alice, "2026-11", SEOUL).openingBalance());
        assertAddsUp(october);
    }

    @Test
    void aMerchantsStatementShowsTheRefundsItPaidBack() {
        MonthlyStatement november = statement(scenario.game, "2026-11", UTC);

        assertThat(november.topUps()).isEqualTo("6");
        assertThat(november.refundsPaid()).isEqualTo("1.5");
        assertThat(november.payments()).isEqualTo("0");
        assertThat(november.closingBalance()).isEqualTo("4.5");
        assertThat(november.amountDue()).isEqualTo("0");
        assertAddsUp(november);
    }

    @Test
    void aPostpaidAccountOwesItsNegativeBalanceUntilTheBillIsPaid() {
        List<LedgerEvent> events = new ArrayList<>();
        ledger.at(Instant.parse("2026-10-15T00:00:00Z"));
        events.add(ledger.open("carrier", "SYSTEM", "KRW", 2, "0"));
        events.add(ledger.open("bob", "USER", "KRW", 2, "50"));
        events.add(ledger.open("store", "MERCHANT", "KRW", 2, "0"));
        ledger.at(Instant.parse("2026-11-03T10:00:00Z"));
        events.addAll(ledger.transfer("b-1", "bob", "store", "12.34", "games"));
        events.addAll(ledger.transfer("b-2", "bob", "store", "30", "games"));
        events.addAll(ledger.refund("b-2-refund", "b-2", "store", "bob", "2"));
        ledger.at(Instant.parse("2026-12-02T10:00:00Z"));
        events.addAll(ledger.transfer("bill-2026-11", "carrier", "bob", "40.34", "bill"));
        projection.apply(events);

        MonthlyStatement november = statement("bob", "2026-11", UTC);
        MonthlyStatement december = statement("bob", "2026-12", UTC);

        assertThat(november).isEqualTo(new MonthlyStatement("bob", "2026-11", "0", "42.34", "2", "0", "0", "0", "0", "0", "0", "-40.34",
                "40.34", "KRW", "UTC", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(december.openingBalance()).isEqualTo("-40.34");
        assertThat(december.topUps()).isEqualTo("40.34");
        assertThat(december.closingBalance()).isEqualTo("0");
        assertThat(december.amountDue()).isEqualTo("0");
        assertAddsUp(november);
        assertAddsUp(december);
        // A SYSTEM account is never billed, however negative.
        assertThat(statement("carrier", "2026-12", UTC).amountDue()).isEqualTo("0");
        assertThat(statement("carrier", "2026-12", UTC).closingBalance()).isEqualTo("-40.34");
    }

    @Test
    void aMonthWithoutEntriesOpensAndClosesAtTheSameBalance() {
        MonthlyStatement january = statement(scenario.alice, "2027-01", SEOUL);

        assertThat(january.openingBalance()).isEqualTo("94.7425");
        assertThat(january.closingBalance()).isEqualTo("94.7425");
        assertThat(january.payments()).isEqualTo("0");
    }

    private static void assertAddsUp(MonthlyStatement statement) {
        BigDecimal closing = new BigDecimal(statement.openingBalance())
                .subtract(new BigDecimal(statement.payments()))
                .add(new BigDecimal(statement.refunds()))
                .add(new BigDecimal(statement.topUps()))
                .subtract(new BigDecimal(statement.refundsPaid()));
        assertThat(closing).as("opening - payments + refunds + topUps - refundsPaid")
                .isEqualByComparingTo(statement.closingBalance());
    }
}
