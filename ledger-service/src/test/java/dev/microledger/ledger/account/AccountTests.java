package dev.microledger.ledger.account;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;


class AccountTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void openingANewAccountRecordsAccountOpened() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 5_000_000, "{}"))
                .expectEvents(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 5_000_000, "{}", NOW))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(result ->
                        result instanceof AccountView view && view.created() && view.version() == 0));
    }

    @Test
    void systemAccountsHaveNoCreditLimit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("funding", "USD", AccountKind.SYSTEM, 7, "{}"))
                .expectEvents(new AccountOpenedEvent("funding", "USD", AccountKind.SYSTEM, 0, "{}", NOW));
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
                        new AccountCreditedEvent("alice", "t-1", "funding", 100, "USD", null, null, 100, NOW),
                        new AccountDebitedEvent("alice", "t-2", "shop", 30, "USD", null, null, 71, NOW))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 0, "{}"))
                .expectException(org.axonframework.test.matchers.Matchers.matches(e ->
                        e instanceof Throwable failure && failure.getCause() instanceof IllegalStateException));
    }

    @Test
    void aStreamThatGoesBelowTheFloorCannotBeLoaded() {
        fixture.given(new AccountOpenedEvent("alice", "USD", AccountKind.USER, 0, "{}", NOW),
                        new AccountDebitedEvent("alice", "t-2", "shop", 30, "USD", null, null, -30, NOW))
                .when(new OpenAccountCommand("alice", "USD", AccountKind.USER, 0, "{}"))
                .expectException(org.axonframework.test.matchers.Matchers.matches(e ->
                        e instanceof Throwable failure && failure.getCause() instanceof IllegalStateException));
    }
}
