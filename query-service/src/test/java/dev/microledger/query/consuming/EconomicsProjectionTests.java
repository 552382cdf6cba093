package dev.microledger.query.consuming;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.BillIssued;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.events.SettlementMade;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.analytics.Period;
import dev.microledger.query.economics.SavingsQueries;
import dev.microledger.query.economics.SavingsReport;
import dev.microledger.query.support.TestChain;
import dev.microledger.query.support.TestLedger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fee legs, bills and settlements in the projection, against PostgreSQL with the real migrations. */
class EconomicsProjectionTests {

    private static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");

    private final TestLedger ledger = new TestLedger();
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private Projector projector;
    private int offset;

    @BeforeEach
    void createDatabase() {
        dataSource = SharedTestPostgres.freshDatabase("economics").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projector = new Projector(jdbc, new DataSourceTransactionManager(dataSource), TestChain.CHAIN);
        List<LedgerEvent> opening = new ArrayList<>();
        opening.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        opening.add(ledger.open("fees", "SYSTEM", "USD", 6, "0"));
        opening.add(ledger.open("payouts", "SYSTEM", "USD", 6, "0"));
        opening.add(ledger.open("kim", "USER", "USD", 6, "50"));
        opening.add(ledger.open("news", "MERCHANT", "USD", 6, "0"));
        apply(opening);
    }

    private ProjectionOutcome apply(List<LedgerEvent> events) {
        List<ProjectionInput> inputs = new ArrayList<>();
        for (LedgerEvent event : events) {
            inputs.add(TestInputs.of(event, "test", 0, offset++));
        }
        return projector.apply(inputs);
    }

    private Map<String, Object> account(String accountId) {
        return jdbc.queryForMap("SELECT * FROM account_view WHERE account_id = ?", accountId);
    }

    @Test
    void aFeeLegIsAnEntryOfItsOwnOnTheMerchantAndTheRevenueAccount() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.feesSet("news", "0.05", "fees"));
        events.addAll(ledger.transfer("t-1", "kim", "news", "0.25", "news"));
        events.addAll(ledger.fee("t-1", "news", "fees", "0.0125"));

        ProjectionOutcome outcome = apply(events);

        assertThat(outcome.projected()).isEqualTo(events.size());
        assertThat(account("news")).containsEntry("BALANCE_MINOR", 237_500L).containsEntry("VERSION", ledger.version("news"));
        assertThat(account("fees")).containsEntry("BALANCE_MINOR", 12_500L);
        assertThat(jdbc.queryForObject("SELECT kind FROM entry_view WHERE account_id = 'news' AND direction = 'DEBIT' "
                + "AND transfer_id = 't-1'", String.class)).isEqualTo("FEE");
        // A fee is not spending: the merchant's fee debit leaves the spending projection alone.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM spending_account WHERE account_id = 'news'", Long.class))
                .isZero();
    }

    @Test
    void aBillIsKeptWithItsLinesAndFollowsItsPayments() {
        apply(ledger.transfer("t-1", "kim", "news", "3", "news"));
        long first = ledger.version("kim");
        apply(List.of(ledger.billIssued("kim", "bill-1", NOVEMBER, DECEMBER, "3", first,
                List.of(new BillIssued.Line("news", "news", 1, "3")))));
        List<LedgerEvent> payment = new ArrayList<>(ledger.movement("p-1", "funding", "kim", "1",
                AccountEntry.Kind.BILL_PAYMENT));
        payment.add(ledger.billPaid("kim", "bill-1", "p-1", "1", "1", "OPEN"));
        apply(payment);

        Map<String, Object> bill = jdbc.queryForMap("SELECT * FROM bill_view WHERE bill_id = 'bill-1'");
        assertThat(bill).containsEntry("AMOUNT_DUE_MINOR", 3_000_000L).containsEntry("AMOUNT_PAID_MINOR", 1_000_000L)
                .containsEntry("STATUS", "OPEN").containsEntry("FIRST_SEQUENCE", first);
        assertThat(jdbc.queryForMap("SELECT * FROM bill_line_view WHERE bill_id = 'bill-1'"))
                .containsEntry("MERCHANT_ACCOUNT_ID", "news").containsEntry("TOTAL_MINOR", 3_000_000L);

        List<LedgerEvent> rest = new ArrayList<>(ledger.movement("p-2", "funding", "kim", "2",
                AccountEntry.Kind.BILL_PAYMENT));
        rest.add(ledger.billPaid("kim", "bill-1", "p-2", "2", "3", "PAID"));
        apply(rest);
        assertThat(jdbc.queryForObject("SELECT status FROM bill_view WHERE bill_id = 'bill-1'", String.class))
                .isEqualTo("PAID");
        assertThat(account("kim")).containsEntry("BALANCE_MINOR", 0L).containsEntry("VERSION", ledger.version("kim"));
    }

    @Test
    void aSettlementIsKeptWithItsFigures() {
        apply(ledger.transfer("t-1", "kim", "news", "2", "news"));
        List<LedgerEvent> settlement = new ArrayList<>(ledger.movement("stl-1", "news", "payouts", "2",
                AccountEntry.Kind.SETTLEMENT));
        settlement.add(ledger.settlementMade("news", "stl-1", DECEMBER, 1, "2", "0", "0", "2", "payouts"));

        apply(settlement);

        assertThat(jdbc.queryForMap("SELECT * FROM settlement_view WHERE settlement_id = 'stl-1'"))
                .containsEntry("MERCHANT_ACCOUNT_ID", "news").containsEntry("NET_MINOR", 2_000_000L)
                .containsEntry("PAYMENT_COUNT", 1L);
        assertThat(account("payouts")).containsEntry("BALANCE_MINOR", 2_000_000L);
    }

    @Test
    void theSavingsReportWeighsThePaymentsCarriedAgainstTheChargesAndPayoutsThatStoodForThem() {
        List<LedgerEvent> events = new ArrayList<>(ledger.transfer("top-up", "funding", "kim", "5", null));
        for (int i = 0; i < 100; i++) {
            events.addAll(ledger.transfer("t-" + i, "kim", "news", "0.05", "news"));
        }
        events.addAll(ledger.movement("p-1", "funding", "kim", "1", AccountEntry.Kind.BILL_PAYMENT));
        events.addAll(ledger.movement("stl-1", "news", "payouts", "5", AccountEntry.Kind.SETTLEMENT));
        apply(events);

        List<SavingsQueries.Totals> totals = new SavingsQueries(dataSource)
                .totals(new Period(Instant.now().minusSeconds(3600), Instant.now().plusSeconds(3600)), "USD");

        assertThat(totals).containsExactly(new SavingsQueries.Totals("USD", 6, 100, 5_000_000, 2, 6_000_000, 1,
                5_000_000));
        SavingsReport.Row row = SavingsReport.Row.of(totals.get(0), new BigDecimal("0.029"), new BigDecimal("0.30"));
        // 100 card charges: 2.9 % of 5 plus 100 × 0.30; three: 2.9 % of 11 plus 3 × 0.30.
        assertThat(row.perPaymentCardCost()).isEqualTo("30.145");
        assertThat(row.aggregatedCardCost()).isEqualTo("1.219");
        assertThat(row.saved()).isEqualTo("28.926");
        assertThat(row.savedPercent()).isEqualTo("96.0");
    }

    @Test
    void aBillOrSettlementTheLedgerCouldNotHaveMadeIsSetAsideAndHoldsItsAccount() {
        apply(ledger.transfer("t-1", "kim", "news", "2", "news"));
        long version = ledger.version("news");
        LedgerEvent forged = ledger.settlementMade("news", "stl-1", DECEMBER, 1, "2", "0", "0", "-2", "payouts");

        apply(List.of(forged));

        assertThat(account("news")).containsEntry("VERSION", version);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM settlement_view", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT reason FROM held_account WHERE account_id = 'news'", String.class))
                .isEqualTo("invariant");
        assertThat(forged.type()).isEqualTo(LedgerEventTypes.SETTLEMENT_MADE);
        assertThat(forged.data()).isInstanceOf(SettlementMade.class);
    }
}
