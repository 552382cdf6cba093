package dev.microledger.query.consuming;

import dev.microledger.query.support.TestChain;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.support.TestLedger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection rules against a real PostgreSQL database with the real migrations:
 * exactly-once effect per account version, strict order, and the balance check.
 */
class ProjectorTests {

    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final TestLedger ledger = new TestLedger();
    private JdbcTemplate jdbc;
    private Projector projector;
    private int offset;

    @BeforeEach
    void createDatabase() {
        DataSource dataSource = SharedTestPostgres.freshDatabase("projector").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projector = new Projector(jdbc, new DataSourceTransactionManager(dataSource), TestChain.CHAIN);
    }

    @Test
    void appliesOpeningsAndEntriesAndRecordsEachAccountsVersion() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("alice", "USER", "USD", 6, "0"));
        events.add(ledger.open("news", "MERCHANT", "USD", 6, "0"));
        events.addAll(ledger.transfer("t-1", "funding", "alice", "10", "top-up"));
        events.addAll(ledger.transfer("t-2", "alice", "news", "0.0025", "news"));

        ProjectionOutcome outcome = projector.apply(inputs(events));

        assertThat(outcome.projected()).isEqualTo(7);
        assertThat(outcome.total()).isEqualTo(7);
        assertThat(account("alice")).containsEntry("BALANCE_MINOR", 9_997_500L).containsEntry("VERSION", 2L)
                .containsEntry("KIND", "USER").containsEntry("STATUS", "OPEN").containsEntry("CURRENCY", "USD");
        assertThat(account("funding")).containsEntry("BALANCE_MINOR", -10_000_000L).containsEntry("VERSION", 1L);
        assertThat(account("news")).containsEntry("BALANCE_MINOR", 2_500L).containsEntry("VERSION", 1L);
        Map<String, Object> entry = jdbc.queryForMap("SELECT * FROM entry_view WHERE account_id = 'alice' AND sequence = 2");
        assertThat(entry).containsEntry("TRANSFER_ID", "t-2").containsEntry("DIRECTION", "DEBIT")
                .containsEntry("COUNTERPARTY_ACCOUNT_ID", "news").containsEntry("AMOUNT_MINOR", 2_500L)
                .containsEntry("CATEGORY", "news").containsEntry("STATUS", "POSTED")
                .containsEntry("BALANCE_AFTER_MINOR", 9_997_500L);
        assertThat(sumOfBalances()).isZero();
    }

    @Test
    void appliesTheSameEventsOnlyOnceWhenTheyAreDeliveredAgain() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("alice", "USER", "USD", 6, "0"));
        events.addAll(ledger.transfer("t-1", "funding", "alice", "5", null));
        projector.apply(inputs(events));
        List<Map<String, Object>> accountsBefore = jdbc.queryForList("SELECT * FROM account_view ORDER BY account_id");

        ProjectionOutcome outcome = projector.apply(inputs(events));

        assertThat(outcome.duplicates()).isEqualTo(4);
        assertThat(outcome.projected()).isZero();
        assertThat(jdbc.queryForList("SELECT * FROM account_view ORDER BY account_id")).usingRecursiveComparison()
                .isEqualTo(accountsBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM entry_view", Long.class)).isEqualTo(2);
    }

    @Test
    void skipsADuplicateWithinOneBatch() {
        LedgerEvent opened = ledger.open("alice", "USER", "USD", 6, "0");

        ProjectionOutcome outcome = projector.apply(inputs(List.of(opened, opened)));

        assertThat(outcome.projected()).isEqualTo(1);
        assertThat(outcome.duplicates()).isEqualTo(1);
    }

    @Test
    void refusesEventsAfterAGapAndKeepsTheAccountAtItsVersion() {
        List<LedgerEvent> setUp = List.of(ledger.open("funding", "SYSTEM", "USD", 6, "0"),
                ledger.open("alice", "USER", "USD", 6, "0"), ledger.open("bob", "USER", "USD", 6, "0"));
        projector.apply(inputs(setUp));
        ledger.transfer("t-1", "funding", "alice", "1", null);
        List<LedgerEvent> second = ledger.transfer("t-2", "funding", "alice", "2", null);
        List<LedgerEvent> third = ledger.transfer("t-3", "funding", "bob", "3", null);

        // Both entries of the first transfer are lost: funding's and alice's later events are
        // refused, while bob's stream has no gap and moves on.
        ProjectionOutcome outcome = projector.apply(inputs(concat(second, third)));

        assertThat(outcome.gaps()).isEqualTo(3);
        assertThat(outcome.projected()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", 0L).containsEntry("BALANCE_MINOR", 0L);
        assertThat(account("funding")).containsEntry("VERSION", 0L).containsEntry("BALANCE_MINOR", 0L);
        assertThat(account("bob")).containsEntry("VERSION", 1L).containsEntry("BALANCE_MINOR", 3_000_000L);
    }

    @Test
    void appliesEventsAfterAGapOnceTheMissingOnesAreDeliveredInOrder() {
        projector.apply(inputs(List.of(ledger.open("funding", "SYSTEM", "USD", 6, "0"),
                ledger.open("alice", "USER", "USD", 6, "0"))));
        List<LedgerEvent> first = ledger.transfer("t-1", "funding", "alice", "1", null);
        List<LedgerEvent> second = ledger.transfer("t-2", "funding", "alice", "2", null);
        projector.apply(inputs(second));

        ProjectionOutcome outcome = projector.apply(inputs(concat(first, second)));

        assertThat(outcome.projected()).isEqualTo(4);
        assertThat(account("alice")).containsEntry("VERSION", 2L).containsEntry("BALANCE_MINOR", 3_000_000L);
        assertThat(sumOfBalances()).isZero();
    }

    @Test
    void refusesAnEntryWhoseBalanceAfterDisagreesWithTheProjection() {
        projector.apply(inputs(List.of(ledger.open("alice", "USER", "USD", 6, "0"))));
        LedgerEvent wrong = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("alice", 1,
                AccountEntry.Direction.CREDIT, "t-1", "funding", "1", "USD", 6, null, null, "1.5"));
        LedgerEvent next = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("alice", 2,
                AccountEntry.Direction.CREDIT, "t-2", "funding", "1", "USD", 6, null, null, "2.5"));

        ProjectionOutcome outcome = projector.apply(inputs(List.of(wrong, next)));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(outcome.gaps()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", 0L).containsEntry("BALANCE_MINOR", 0L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM entry_view", Long.class)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "other currency       | EUR | 6 | 1      | 1",
            "other scale          | USD | 2 | 1      | 1",
            "zero amount          | USD | 6 | 0      | 0",
            "too many digits      | USD | 6 | 0.0000001 | 0.0000001",
            "not a number         | USD | 6 | 1e3    | 1000",
    })
    void refusesAnEntryThatBreaksTheAccountsRules(String name, String currency, int scale, String amount,
                                                  String balanceAfter) {
        projector.apply(inputs(List.of(ledger.open("alice", "USER", "USD", 6, "0"))));
        LedgerEvent entry = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("alice", 1,
                AccountEntry.Direction.CREDIT, "t-1", "funding", amount, currency, scale, null, null, balanceAfter));

        ProjectionOutcome outcome = projector.apply(inputs(List.of(entry)));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", 0L).containsEntry("BALANCE_MINOR", 0L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative credit limit | USD | 6  | -1",
            "scale too large       | USD | 19 | 0",
            "credit limit too fine | USD | 2  | 0.001",
            "currency too long     | ABCDEFGHIJKLMNOPQ | 2 | 0",
    })
    void refusesAnOpeningThatBreaksTheRules(String name, String currency, int scale, String creditLimit) {
        LedgerEvent opened = event(LedgerEventTypes.ACCOUNT_OPENED,
                new AccountOpened("alice", 0, currency, scale, "USER", creditLimit));

        ProjectionOutcome outcome = projector.apply(inputs(List.of(opened)));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
    }

    @Test
    void projectsTheDisplayNameAnAccountWasOpenedWithAndKeepsItThroughLaterEvents() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(event(LedgerEventTypes.ACCOUNT_OPENED, new AccountOpened("news", 0, "USD", 6, "MERCHANT", "0", "Daily Herald")));

        projector.apply(inputs(events));
        LedgerEvent credit = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("news", 1,
                AccountEntry.Direction.CREDIT, "t-1", "funding", "1", "USD", 6, null, null, "1"));
        projector.apply(inputs(List.of(credit)));

        assertThat(account("news")).containsEntry("DISPLAY_NAME", "Daily Herald").containsEntry("VERSION", 1L);
        assertThat(account("funding").get("DISPLAY_NAME")).isNull();
    }

    @Test
    void refusesAnOpeningWhoseDisplayNameBreaksTheRules() {
        // Too long: the codec refuses to read it. Empty: valid free text, but no name, so the projection refuses it.
        LedgerEvent tooLong = event(LedgerEventTypes.ACCOUNT_OPENED, new AccountOpened("news", 0, "USD", 6, "MERCHANT", "0",
                "n".repeat(AccountOpened.DISPLAY_NAME_LENGTH_MAX + 1)));
        LedgerEvent empty = event(LedgerEventTypes.ACCOUNT_OPENED, new AccountOpened("shop", 0, "USD", 6, "MERCHANT", "0", ""));

        ProjectionOutcome unreadable = projector.apply(inputs(List.of(tooLong)));
        ProjectionOutcome refused = projector.apply(inputs(List.of(empty)));

        assertThat(unreadable.malformed()).isEqualTo(1);
        assertThat(refused.invariantViolations()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
    }

    @Test
    void refusesAnEntryAsTheFirstEventOfAnAccount() {
        LedgerEvent entry = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("alice", 0,
                AccountEntry.Direction.CREDIT, "t-1", "funding", "1", "USD", 6, null, null, "1"));

        ProjectionOutcome outcome = projector.apply(inputs(List.of(entry)));

        assertThat(outcome.invariantViolations()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
    }

    @Test
    void skipsMalformedRecordsAndAppliesTheRest() {
        LedgerEvent opened = ledger.open("alice", "USER", "USD", 6, "0");
        List<ProjectionInput> inputs = new ArrayList<>();
        inputs.add(new ProjectionInput("alice", "not json".getBytes(StandardCharsets.UTF_8), null, "test", 0, 0, 0L));
        inputs.add(new ProjectionInput("alice", null, null, "test", 0, 1, 0L));
        inputs.add(new ProjectionInput("bob", codec.encode(opened), null, "test", 0, 2, 0L));
        inputs.add(TestInputs.of(opened, "test", 0, 3));

        ProjectionOutcome outcome = projector.apply(inputs);

        assertThat(outcome.malformed()).isEqualTo(3);
        assertThat(outcome.projected()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", 0L);
    }

    @Test
    void advancesTheVersionForAnEventTypeItDoesNotKnow() {
        projector.apply(inputs(List.of(ledger.open("alice", "USER", "USD", 6, "0"))));
        byte[] unknown = ledger.unknownEventJson("alice", "ledger.account.frozen.v1");

        ProjectionOutcome outcome = projector.apply(List.of(new ProjectionInput("alice", unknown,
                TestChain.link("test", "alice", 1, unknown), "test", 0, 1, 0L)));

        assertThat(outcome.projected()).isEqualTo(1);
        assertThat(account("alice")).containsEntry("VERSION", 1L).containsEntry("BALANCE_MINOR", 0L);
    }

    @Test
    void keepsNothingOfABatchWhenTheDatabaseFails() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("alice", "USER", "USD", 6, "0"));
        events.addAll(ledger.transfer("t-1", "funding", "alice", "1", null));
        jdbc.execute("ALTER TABLE entry_view RENAME TO entry_view_elsewhere");

        assertThatThrownBy(() -> projector.apply(inputs(events))).isInstanceOf(RuntimeException.class);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
        jdbc.execute("ALTER TABLE entry_view_elsewhere RENAME TO entry_view");
        assertThat(projector.apply(inputs(events)).projected()).isEqualTo(4);
    }

    @Test
    void keepsTheProjectionAPureFunctionOfTheEvents() {
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open("funding", "SYSTEM", "USD", 6, "0"));
        events.add(ledger.open("alice", "USER", "USD", 6, "0"));
        events.addAll(ledger.transfer("t-1", "funding", "alice", "1", null));

        projector.apply(inputs(events));

        Instant credited = events.get(3).time();
        assertThat(jdbc.queryForObject("SELECT updated_at FROM account_view WHERE account_id = 'alice'",
                OffsetDateTime.class).toInstant()).isEqualTo(credited);
        assertThat(jdbc.queryForObject("SELECT opened_at FROM account_view WHERE account_id = 'alice'",
                OffsetDateTime.class).toInstant()).isEqualTo(events.get(1).time());
    }

    private Map<String, Object> account(String accountId) {
        return jdbc.queryForMap("SELECT * FROM account_view WHERE account_id = ?", accountId);
    }

    private long sumOfBalances() {
        return jdbc.queryForObject("SELECT COALESCE(SUM(balance_minor), 0) FROM account_view", Long.class);
    }

    private List<ProjectionInput> inputs(List<LedgerEvent> events) {
        List<ProjectionInput> inputs = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            inputs.add(TestInputs.of(event, "test", 0, offset++));
        }
        return inputs;
    }

    private static LedgerEvent event(String type, LedgerEventData data) {
        return new LedgerEvent(UUID.randomUUID().toString(), TestLedger.SOURCE, type, Instant.parse("2026-11-21T10:00:00Z"),
                data);
    }

    private static List<LedgerEvent> concat(List<LedgerEvent> first, List<LedgerEvent> second) {
        List<LedgerEvent> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void onlyDataAndConstraintFailuresCanBeARecordsOwn() {
        assertThat(Projector.isRecordFault(new org.springframework.dao.DataIntegrityViolationException("check",
                new java.sql.SQLException("violates check constraint", "23514")))).isTrue();
        assertThat(Projector.isRecordFault(new org.springframework.dao.DataIntegrityViolationException("range",
                new java.sql.SQLException("timestamp out of range", "22008")))).isTrue();
        assertThat(Projector.isRecordFault(new IllegalArgumentException("a bug that only this record meets"))).isTrue();
        assertThat(Projector.isRecordFault(new org.springframework.jdbc.BadSqlGrammarException("insert", "INSERT",
                new java.sql.SQLException("relation does not exist", "42P01")))).isFalse();
        assertThat(Projector.isRecordFault(new org.springframework.dao.DataAccessResourceFailureException("lost",
                new java.sql.SQLException("connection failure", "08006")))).isFalse();
        assertThat(Projector.isRecordFault(new org.springframework.dao.DataAccessResourceFailureException("full",
                new java.sql.SQLException("disk full", "53100")))).isFalse();
    }
}
