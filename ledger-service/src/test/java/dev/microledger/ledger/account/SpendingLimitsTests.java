package dev.microledger.ledger.account;

import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.CurrencyProperties;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spending limits checked against an account rebuilt from its events, at explicit instants: the
 * windows follow the account's time zone, the lowest binding limit is reported, holds count when
 * placed and are given back when released.
 */
class SpendingLimitsTests {

    private static final Currencies CURRENCIES = new Currencies(new CurrencyProperties(Map.of("USD", 6, "KRW", 2)),
            new dev.microledger.ledger.money.AmountLimitProperties(Map.of(), Map.of()));
    private static final SpendingPolicy POLICY = new SpendingPolicy(
            new SpendingLimitProperties(Map.of("KRW", "1000000"), 3), CURRENCIES);
    private static final Instant OPENED = Instant.parse("2026-10-01T00:00:00Z");

    private long sequence;

    private Account account(String currency, AccountLimits limits, long fundedMinor) {
        Account account = new Account();
        account.on(new AccountOpenedEvent("alice", currency, AccountKind.USER, 0, "{}", OPENED), sequence++);
        account.on(new AccountCreditedEvent("alice", "top-up", "funding", fundedMinor, currency, null, null,
                fundedMinor, OPENED, EntryKind.PAYMENT, null), sequence++);
        account.on(new AccountLimitsSetEvent("alice", currency, limits, OPENED), sequence++);
        balances.put(account, fundedMinor);
        return account;
    }

    private void pay(Account account, long amountMinor, Instant at) {
        long balance = balanceOf(account);
        account.on(new AccountDebitedEvent("alice", "t-" + sequence, "shop", amountMinor, account.currency(), null,
                null, balance - amountMinor, at, EntryKind.PAYMENT, null), sequence++);
        balances.put(account, balance - amountMinor);
    }

    private final Map<Account, Long> balances = new java.util.IdentityHashMap<>();

    private long balanceOf(Account account) {
        return balances.get(account);
    }

    private static Optional<LedgerRejection> refusal(Account account, long amountMinor, Instant at) {
        return account.refusalToPay(new Money(amountMinor, account.currency()), at, POLICY);
    }

    private static void assertLimit(Optional<LedgerRejection> refusal, String limit, String layer, String remaining) {
        assertThat(refusal).isPresent();
        assertThat(refusal.get().code()).isEqualTo(RejectionCode.LIMIT_EXCEEDED);
        assertThat(refusal.get().properties())
                .containsEntry("limit", limit)
                .containsEntry("layer", layer)
                .containsEntry("remaining", remaining);
    }

    @Test
    void aPaymentEqualToThePerTransferLimitPassesAndOneMinorUnitMoreFails() {
        Account account = account("USD", new AccountLimits(5_000_000L, null, null, null, "UTC"), 1_000_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");

        assertThat(refusal(account, 5_000_000, at)).isEmpty();
        assertLimit(refusal(account, 5_000_001, at), "perTransfer", "account", "5");
    }

    @Test
    void theDailyLimitCountsTheDayInTheAccountsTimeZone() {
        Account account = account("USD", new AccountLimits(null, 20_000_000L, null, null, "Asia/Seoul"),
                1_000_000_000L);
        // 23:30 in Seoul on 21 November is 14:30 UTC.
        Instant lateEvening = Instant.parse("2026-11-21T14:30:00Z");
        pay(account, 19_000_000, lateEvening);

        assertThat(refusal(account, 1_000_000, lateEvening)).isEmpty();
        assertLimit(refusal(account, 1_000_001, lateEvening), "daily", "account", "1");
        // Midnight in Seoul (15:00 UTC) starts a new day, long before UTC's midnight.
        assertLimit(refusal(account, 1_000_001, Instant.parse("2026-11-21T14:59:59.999Z")), "daily", "account", "1");
        assertThat(refusal(account, 20_000_000, Instant.parse("2026-11-21T15:00:00Z"))).isEmpty();
    }

    @Test
    void theMonthRollsOverAtMidnightInTheAccountsTimeZone() {
        Account account = account("USD", new AccountLimits(null, null, 100_000_000L, null, "Asia/Seoul"),
                1_000_000_000L);
        // 30 November 23:59 in Seoul is 14:59 UTC; 1 December 00:00 in Seoul is 15:00 UTC on 30 November.
        pay(account, 100_000_000, Instant.parse("2026-11-30T14:59:00Z"));

        assertLimit(refusal(account, 1, Instant.parse("2026-11-30T14:59:59.999Z")), "monthly", "account", "0");
        assertThat(refusal(account, 100_000_000, Instant.parse("2026-11-30T15:00:00Z"))).isEmpty();
    }

    @Test
    void theSameInstantIsStillNovemberInUtc() {
        Account account = account("USD", new AccountLimits(null, null, 100_000_000L, null, "UTC"), 1_000_000_000L);
        pay(account, 100_000_000, Instant.parse("2026-11-30T14:59:00Z"));

        assertLimit(refusal(account, 1, Instant.parse("2026-11-30T15:00:00Z")), "monthly", "account", "0");
        assertThat(refusal(account, 1, Instant.parse("2026-12-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void theLowestBindingLimitIsReported() {
        Account account = account("USD", new AccountLimits(50_000_000L, 20_000_000L, 100_000_000L, null, "UTC"),
                1_000_000_000L);
        Instant day1 = Instant.parse("2026-11-01T10:00:00Z");
        for (int day = 0; day < 4; day++) {
            pay(account, 20_000_000, day1.plusSeconds(day * 86_400L));
        }
        Instant day5 = day1.plusSeconds(4 * 86_400L);
        // 80 of 100 spent this month, nothing today: daily leaves 20, monthly leaves 20; a tie goes to daily.
        assertLimit(refusal(account, 25_000_000, day5), "daily", "account", "20");
        pay(account, 15_000_000, day5);
        // Today 15 of 20 (5 left), this month 95 of 100 (5 left), per transfer 50.
        assertLimit(refusal(account, 6_000_000, day5), "daily", "account", "5");
        pay(account, 5_000_000, day5.plusSeconds(86_400));
        // A new day: daily leaves 20 but monthly only 0.
        assertLimit(refusal(account, 1, day5.plusSeconds(2 * 86_400L)), "monthly", "account", "0");
    }

    @Test
    void theLedgerWideCapBindsUserAccountsAboveTheirOwnLimits() {
        Account account = account("KRW", new AccountLimits(null, null, 200_000_000L, null, "Asia/Seoul"),
                500_000_000L);
        Instant at = Instant.parse("2026-11-10T03:00:00Z");
        pay(account, 99_000_000, at);

        // Own monthly limit 2,000,000.00 leaves 1,010,000.00; the ledger-wide 1,000,000.00 leaves 10,000.00.
        assertThat(refusal(account, 1_000_000, at)).isEmpty();
        assertLimit(refusal(account, 1_000_001, at), "monthly", "system", "10000");
    }

    @Test
    void velocityCountsPaymentsInAnySixtySeconds() {
        Account account = account("USD", new AccountLimits(null, null, null, 3, "UTC"), 1_000_000_000L);
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        pay(account, 1, start);
        pay(account, 1, start.plusSeconds(20));
        pay(account, 1, start.plusSeconds(40));

        assertLimit(refusal(account, 1, start.plusSeconds(59)), "perMinuteCount", "account", "0");
        assertThat(refusal(account, 1, start.plusSeconds(60))).isEmpty();
    }

    @Test
    void loweringALimitBindsAtOnce() {
        Account account = account("USD", new AccountLimits(null, 50_000_000L, null, null, "UTC"), 1_000_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        pay(account, 30_000_000, at);
        assertThat(refusal(account, 10_000_000, at)).isEmpty();

        account.on(new AccountLimitsSetEvent("alice", "USD", new AccountLimits(null, 35_000_000L, null, null, "UTC"),
                at.plusSeconds(1)), sequence++);

        assertLimit(refusal(account, 10_000_000, at.plusSeconds(2)), "daily", "account", "5");
    }

    @Test
    void aHoldCountsWhenPlacedAndIsGivenBackWhenVoided() {
        Account account = account("USD", new AccountLimits(null, 20_000_000L, null, null, "UTC"), 1_000_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        account.on(new HoldPlacedEvent("alice", "h-1", "shop", 15_000_000, "USD", null, null, at.plusSeconds(300), at),
                sequence++);
        assertLimit(refusal(account, 6_000_000, at), "daily", "account", "5");

        account.on(new HoldReleasedEvent("alice", "h-1", 15_000_000, 0, "USD", HoldEndReason.VOIDED, at.plusSeconds(5)),
                sequence++);

        assertThat(refusal(account, 20_000_000, at.plusSeconds(6))).isEmpty();
    }

    @Test
    void aHoldPostedForLessGivesBackTheRest() {
        Account account = account("USD", new AccountLimits(null, 20_000_000L, null, null, "UTC"), 1_000_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        account.on(new HoldPlacedEvent("alice", "h-1", "shop", 15_000_000, "USD", null, null, at.plusSeconds(300), at),
                sequence++);
        account.on(new HoldReleasedEvent("alice", "h-1", 15_000_000, 10_000_000, "USD", HoldEndReason.POSTED,
                at.plusSeconds(5)), sequence++);
        account.on(new AccountDebitedEvent("alice", "h-1", "shop", 10_000_000, "USD", null, null,
                balanceOf(account) - 10_000_000, at.plusSeconds(5), EntryKind.HOLD_CAPTURE, null), sequence++);

        assertThat(refusal(account, 10_000_000, at.plusSeconds(6))).isEmpty();
        assertLimit(refusal(account, 10_000_001, at.plusSeconds(6)), "daily", "account", "10");
    }

    @Test
    void heldFundsAreNotAvailable() {
        Account account = account("USD", AccountLimits.none(), 10_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        account.on(new HoldPlacedEvent("alice", "h-1", "shop", 7_000_000, "USD", null, null, at.plusSeconds(300), at),
                sequence++);

        assertThat(refusal(account, 3_000_000, at)).isEmpty();
        assertThat(refusal(account, 3_000_001, at)).get().extracting(LedgerRejection::code)
                .isEqualTo(RejectionCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void aTimeZoneChangeCarriesTheDaysUsageOver() {
        Account account = account("USD", new AccountLimits(null, 20_000_000L, null, null, "UTC"), 1_000_000_000L);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        pay(account, 15_000_000, at);

        account.on(new AccountLimitsSetEvent("alice", "USD",
                new AccountLimits(null, 20_000_000L, null, null, "Asia/Seoul"), at.plusSeconds(1)), sequence++);

        // 10:00 UTC is 19:00 in Seoul, the same calendar day there: the 15 already spent still count.
        assertLimit(refusal(account, 5_000_001, at.plusSeconds(2)), "daily", "account", "5");
    }

    @Test
    void budgetThresholdsAreKeptWithoutTrailingZeros() {
        AccountBudget budget = new AccountBudget(30_000_000, List.of(new BigDecimal("0.50"), new BigDecimal("1.0")));

        assertThat(budget.alertThresholds()).containsExactly(new BigDecimal("0.5"), BigDecimal.ONE);
    }
}
