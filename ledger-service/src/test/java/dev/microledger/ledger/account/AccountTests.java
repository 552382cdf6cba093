package dev.microledger.ledger.account;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;


class AccountTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private FixtureConfiguration<Account> fixture;

    /** What the account books for the billing job, instead of writing it to the database. */
    private final Map<String, Instant> billed = new HashMap<>();
    private final BillingAccounts billing = new BillingAccounts(new JdbcTemplate()) {
        @Override
        public void schedule(String accountId, Instant nextCloseAt) {
            billed.put(accountId, nextCloseAt);
        }
    };

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(billing);
    }

    @Test
    void openingANewAccountRecordsAccountOpened() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 5_000_000, "{}"))
                .expectEvents(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 5_000_000, "{}", NOW))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(result ->
                        result instanceof AccountView view && view.created() && view.version() == 0));
        // alice may go 5 below zero: she is postpaid, and her first billing period ends with November.
        assertThat(billed).containsExactly(Map.entry("alice", Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void systemAccountsHaveNoCreditLimit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("funding", "USD", AccountKind.SYSTEM, 7, "{}"))
                .expectEvents(new AccountOpenedEvent("funding", "USD", AccountKind.SYSTEM, 0, "{}", NOW));
        assertThat(billed).isEmpty();
    }

    @Test
    void openingTheSameAccountAgainChangesNothing() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{\"a\":1}", NOW))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 0, "{\"a\":1}"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(result ->
                        result instanceof AccountView view && !view.created()));
    }

    @Test
    void openingAnExistingAccountWithOtherFieldsIsAConflict() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW))
                .when(new OpenAccountCommand("alice", "EUR", AccountKind.USER, 0, "{}"))
                .expectNoEvents()
                .expectException(LedgerRejection.class)
                .expectExceptionMessage("account 'alice' already exists with other fields");
    }

    @Test
    void aConflictCarriesItsStableCode() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.MERCHANT, 0, "{}"))
                .expectException(org.axonframework.test.matchers.Matchers.matches(e -> e instanceof LedgerRejection rejection
                        && rejection.code() == RejectionCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS));
    }

    @Test
    void aStreamWhoseRecordedBalanceDisagreesCannotBeLoaded() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountCreditedEvent("alice", "t-1", "funding", 100, "USD", null, null, 100, NOW, EntryKind.PAYMENT, null),
                        new AccountDebitedEvent("alice", "t-2", "shop", 30, "USD", null, null, 71, NOW, EntryKind.PAYMENT, null))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 0, "{}"))
                .expectException(org.axonframework.test.matchers.Matchers.matches(e ->
                        e instanceof Throwable failure && failure.getCause() instanceof IllegalStateException));
    }

    @Test
    void aStreamThatGoesBelowTheFloorCannotBeLoaded() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountDebitedEvent("alice", "t-2", "shop", 30, "USD", null, null, -30, NOW, EntryKind.PAYMENT, null))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 0, "{}"))
                .expectException(org.axonframework.test.matchers.Matchers.matches(e ->
                        e instanceof Throwable failure && failure.getCause() instanceof IllegalStateException));
    }

    @Test
    void freezingRecordsTheNewStatusOnceAndAgainChangesNothing() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW))
                .when(new ChangeAccountStatusCommand("alice", AccountStatus.FROZEN))
                .expectEvents(new AccountStatusChangedEvent("alice", AccountStatus.FROZEN, NOW));
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountStatusChangedEvent("alice", AccountStatus.FROZEN, NOW))
                .when(new ChangeAccountStatusCommand("alice", AccountStatus.FROZEN))
                .expectNoEvents();
    }

    @Test
    void closingNeedsAZeroBalance() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountCreditedEvent("alice", "t-1", "funding", 1, "USD", null, null, 1, NOW,
                                EntryKind.PAYMENT, null))
                .when(new ChangeAccountStatusCommand("alice", AccountStatus.CLOSED))
                .expectNoEvents()
                .expectException(LedgerRejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("zero balance"));
    }

    @Test
    void closingNeedsNoPendingHolds() {
        // A postpaid account can hold funds at a zero balance: only the pending hold stops the close.
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 10, "{}", NOW),
                        new HoldPlacedEvent("alice", "h-1", "shop", 5, "USD", null, null, NOW.plusSeconds(60), NOW))
                .when(new ChangeAccountStatusCommand("alice", AccountStatus.CLOSED))
                .expectNoEvents()
                .expectException(LedgerRejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("1 pending holds"));
    }

    @Test
    void aClosedAccountCannotBeFrozenOrGivenLimits() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountStatusChangedEvent("alice", AccountStatus.CLOSED, NOW))
                .when(new ChangeAccountStatusCommand("alice", AccountStatus.FROZEN))
                .expectNoEvents()
                .expectException(org.axonframework.test.matchers.Matchers.matches(e ->
                        e instanceof LedgerRejection rejection && rejection.code() == RejectionCode.ACCOUNT_CLOSED));
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountStatusChangedEvent("alice", AccountStatus.CLOSED, NOW))
                .when(new SetAccountLimitsCommand("alice", AccountLimits.none()))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void settingTheSameLimitsAgainRecordsNothing() {
        AccountLimits limits = new AccountLimits(5L, null, 100L, 3, "Asia/Seoul");
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountLimitsSetEvent("alice", "USD", limits, NOW))
                .when(new SetAccountLimitsCommand("alice", limits))
                .expectNoEvents();
    }
}
