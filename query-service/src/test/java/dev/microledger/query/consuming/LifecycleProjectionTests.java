package dev.microledger.query.consuming;

import dev.microledger.query.support.TestChain;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.support.TestLedger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Holds, refunds, declines and account states in the projection, against PostgreSQL with the real migrations. */
class LifecycleProjectionTests {

    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final TestLedger ledger = new TestLedger();
    private JdbcTemplate jdbc;
    private Projector projector;
    private int offset;

    @BeforeEach
    void createDatabase() {
        DataSource dataSource = SharedTestPostgres.freshDatabase("lifecycle").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projector = new Projector(jdbc, new DataSourceTransactionManager(dataSource), TestChain.CHAIN);
        List<LedgerEvent> opening = new ArrayList<>();
        opening.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        opening.add(ledger.open("alice", "USER", "USD", 6, "0"));
        opening.add(ledger.open("game", "MERCHANT", "USD", 6, "0"));
        opening.addAll(ledger.transfer("top-up", "funding", "alice", "10", null));
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

    private Map<String, Object> entry(String accountId, String transferId, String kind) {
        return jdbc.queryForMap("SELECT * FROM entry_view WHERE account_id = ? AND transfer_id = ? AND kind = ?",
                accountId, transferId, kind);
    }

    @Test
    void aHoldIsPendingUntilPostedAndThenItsEntryShowsPosted() {
        apply(List.of(ledger.hold("h-1", "alice", "game", "4")));

        assertThat(account("alice")).containsEntry("PENDING_MINOR", 4_000_000L).containsEntry("BALANCE_MINOR", 10_000_000L);
        assertThat(entry("alice", "h-1", "HOLD")).containsEntry("STATUS", "PENDING")
                .containsEntry("BALANCE_AFTER_MINOR", 10_000_000L);

        ProjectionOutcome outcome = apply(ledger.postHold("h-1", "alice", "game", "4", "3"));

        assertThat(outcome.projected()).isEqualTo(3);
        assertThat(account("alice")).containsEntry("PENDING_MINOR", 0L).containsEntry("BALANCE_MINOR", 7_000_000L)
                .containsEntry("VERSION", ledger.version("alice"));
        assertThat(account("game")).containsEntry("BALANCE_MINOR", 3_000_000L);
        assertThat(entry("alice", "h-1", "HOLD")).containsEntry("STATUS", "POSTED");
        assertThat(entry("alice", "h-1", "HOLD_CAPTURE")).containsEntry("STATUS", "POSTED")
                .containsEntry("AMOUNT_MINOR", 3_000_000L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hold_view", Long.class)).isZero();
    }

    @Test
    void aHoldPlacedAndVoidedInOneBatchEndsVoided() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.hold("h-2", "alice", "game", "1"));
        events.add(ledger.hold("h-3", "alice", "game", "2"));
        events.add(ledger.release("h-2", "alice", "1", "VOIDED"));

        apply(events);
        apply(List.of(ledger.release("h-3", "alice", "2", "EXPIRED")));

        assertThat(entry("alice", "h-2", "HOLD")).containsEntry("STATUS", "VOIDED");
        assertThat(entry("alice", "h-3", "HOLD")).containsEntry("STATUS", "EXPIRED");
        assertThat(account("alice")).containsEntry("PENDING_MINOR", 0L).containsEntry("BALANCE_MINOR", 10_000_000L);
    }

    @Test
    void aReleaseOfMoreThanIsPendingIsRefusedAndTheAccountStops() {
        apply(List.of(ledger.hold("h-4", "alice", "game", "1")));
        long version = (Long) account("alice").get("VERSION");

        ProjectionOutcome outcome = apply(List.of(ledger.release("h-4", "alice", "2", "VOIDED")));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", version).containsEntry("PENDING_MINOR", 1_000_000L);
    }

    @Test
    void refundsAreEntriesLinkedToTheRefundedTransfer() {
        apply(ledger.transfer("t-1", "alice", "game", "1", "games"));

        apply(ledger.refund("r-1", "t-1", "game", "alice", "0.4"));

        assertThat(entry("alice", "r-1", "REFUND")).containsEntry("DIRECTION", "CREDIT").containsEntry("REFUND_OF", "t-1")
                .containsEntry("AMOUNT_MINOR", 400_000L);
        assertThat(entry("game", "r-1", "REFUND")).containsEntry("DIRECTION", "DEBIT");
        assertThat(account("alice")).containsEntry("BALANCE_MINOR", 9_400_000L);
        assertThat(jdbc.queryForObject("SELECT SUM(balance_minor) FROM account_view", Long.class)).isZero();
    }

    @Test
    void declinesAreKeptByReasonAndLayerWithoutTouchingTheBalance() {
        apply(List.of(
                ledger.declined("alice", "t-9", "game", "25", "insufficient_funds", null, null),
                ledger.declined("alice", "t-10", "game", "6", "limit_exceeded", "daily", "account")));

        assertThat(jdbc.queryForList("SELECT reason, limit_name, layer FROM decline_view WHERE account_id = 'alice' "
                + "ORDER BY sequence"))
                .extracting(row -> row.get("REASON") + "/" + row.get("LIMIT_NAME") + "/" + row.get("LAYER"))
                .containsExactly("insufficient_funds/null/null", "limit_exceeded/daily/account");
        assertThat(account("alice")).containsEntry("BALANCE_MINOR", 10_000_000L)
                .containsEntry("VERSION", ledger.version("alice"));
    }

    @Test
    void statusChangesAreProjected() {
        apply(List.of(ledger.statusChanged("game", "FROZEN")));
        assertThat(account("game")).containsEntry("STATUS", "FROZEN");

        apply(List.of(ledger.statusChanged("game", "OPEN"), ledger.statusChanged("game", "CLOSED")));
        assertThat(account("game")).containsEntry("STATUS", "CLOSED").containsEntry("VERSION", ledger.version("game"));

        ProjectionOutcome outcome = apply(List.of(ledger.statusChanged("game", "DELETED")));
        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(account("game")).containsEntry("STATUS", "CLOSED");
    }

    @Test
    void limitsAndABudgetAreKeptForTheSpendingProjection() {
        ProjectionOutcome outcome = apply(List.of(ledger.limits("alice", "5", "20", null, 30, "Asia/Seoul"),
                ledger.budget("alice", "30", "0.5", "0.8", "1")));

        assertThat(outcome.projected()).isEqualTo(2);
        assertThat(jdbc.queryForMap("SELECT * FROM spending_account WHERE account_id = 'alice'"))
                .containsEntry("TIMEZONE", "Asia/Seoul").containsEntry("PER_TRANSFER_MINOR", 5_000_000L)
                .containsEntry("DAILY_MINOR", 20_000_000L).containsEntry("MONTHLY_MINOR", null)
                .containsEntry("PER_MINUTE_COUNT", 30).containsEntry("BUDGET_MONTHLY_MINOR", 30_000_000L)
                .containsEntry("BUDGET_ALERT_THRESHOLDS", "0.5,0.8,1");
        assertThat(account("alice")).containsEntry("VERSION", ledger.version("alice"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown time zone", "zero daily limit", "too precise monthly limit", "no payments a minute",
            "zero budget", "thresholds out of order", "threshold above 10", "the same threshold twice"})
    void limitsAndBudgetsThatBreakTheContractAreRefusedAndTheAccountStops(String broken) {
        long version = (Long) account("alice").get("VERSION");
        LedgerEvent event = switch (broken) {
            case "unknown time zone" -> ledger.limits("alice", "5", null, null, null, "Mars/Olympus_Mons");
            case "zero daily limit" -> ledger.limits("alice", null, "0", null, null, "UTC");
            case "too precise monthly limit" -> ledger.limits("alice", null, null, "0.0000001", null, "UTC");
            case "no payments a minute" -> ledger.limits("alice", null, null, null, 0, "UTC");
            case "zero budget" -> ledger.budget("alice", "0", "0.5");
            case "thresholds out of order" -> ledger.budget("alice", "30", "0.8", "0.5");
            case "threshold above 10" -> ledger.budget("alice", "30", "10.5");
            case "the same threshold twice" -> ledger.budget("alice", "30", "0.5", "0.50");
            default -> throw new IllegalArgumentException(broken);
        };

        ProjectionOutcome outcome = apply(List.of(event));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", version);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM spending_account WHERE account_id = 'alice'", Long.class))
                .isZero();
    }

    @Test
    void replayingTheSameBatchChangesNothing() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.hold("h-5", "alice", "game", "2"));
        events.addAll(ledger.postHold("h-5", "alice", "game", "2", "2"));
        events.addAll(ledger.refund("r-5", "h-5", "game", "alice", "2"));
        apply(events);
        Map<String, Object> before = account("alice");

        ProjectionOutcome again = apply(events);

        assertThat(again.duplicates()).isEqualTo(events.size());
        assertThat(account("alice")).usingRecursiveComparison().isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM entry_view WHERE account_id = 'alice'", Long.class))
                .isEqualTo(4L);
    }
}
