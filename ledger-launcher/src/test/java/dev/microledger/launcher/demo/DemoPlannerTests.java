package dev.microledger.launcher.demo;

import dev.microledger.events.FeeRule;
import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Batch;
import dev.microledger.launcher.demo.DemoPlan.BillLine;
import dev.microledger.launcher.demo.DemoPlan.CloseBillingPeriod;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;
import dev.microledger.launcher.demo.DemoPlan.ExpectedSettlement;
import dev.microledger.launcher.demo.DemoPlan.Freeze;
import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PayBill;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetFees;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Settle;
import dev.microledger.launcher.demo.DemoPlan.Step;
import dev.microledger.launcher.demo.DemoPlan.Transfer;
import dev.microledger.launcher.demo.DemoPlan.VoidHold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPlannerTests {

    private static final Instant END = Instant.parse("2026-11-22T00:39:12Z");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Set<Long> TIP_TOTALS = Set.of(500_000L, 1_000_000L, 2_000_000L, 3_000_000L, 5_000_000L);
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final List<String> NEWS_SITES = List.of("daily-herald", "tech-weekly", "city-gazette", "science-now");
    private static final List<String> CREATORS = List.of("creator-lena", "creator-omar", "creator-yuki");

    private final DemoPlan plan = DemoPlanner.plan(DemoPlanner.DEFAULT_SEED, END);

    @Test
    void theSameSeedAndEndGiveTheSamePlan() {
        assertThat(DemoPlanner.plan(DemoPlanner.DEFAULT_SEED, END)).isEqualTo(plan);
    }

    @Test
    void anotherSeedGivesAnotherMonth() {
        DemoPlan other = DemoPlanner.plan(DemoPlanner.DEFAULT_SEED + 1, END);

        assertThat(other.transfers()).isNotEqualTo(plan.transfers());
        assertThat(other.accounts()).isEqualTo(plan.accounts());
    }

    @Test
    void theStepsCoverTheThirtyDaysBeforeTheEndInTimeOrder() {
        assertThat(plan.start()).isEqualTo(Instant.parse("2026-10-23T00:00:00Z"));
        assertThat(plan.steps().get(0).at()).isEqualTo(plan.start());
        Instant previous = plan.start();
        for (Step step : plan.steps()) {
            assertThat(step.at()).isAfterOrEqualTo(previous).isBeforeOrEqualTo(END);
            assertThat(step.operations()).isNotEmpty();
            previous = step.at();
        }
        // Every day of the month has payments, not only its first and last.
        Set<Long> days = plan.steps().stream()
                .map(step -> Duration.between(plan.start(), step.at()).toDays()).collect(Collectors.toSet());
        assertThat(days).hasSize(DemoPlanner.DAYS + 1);
    }

    @Test
    void everyAmountIsPositiveAndFitsItsCurrencysScale() {
        for (Transfer transfer : plan.transfers()) {
            assertThat(transfer.amountMinor()).as(transfer.transferId()).isPositive();
            String decimal = DemoPlan.decimal(transfer.amountMinor(), transfer.currency());
            BigDecimal parsed = new BigDecimal(decimal);
            assertThat(decimal).doesNotContain("E").doesNotStartWith("-");
            assertThat(parsed.scale()).as(decimal).isLessThanOrEqualTo(DemoPlan.scale(transfer.currency()));
            assertThat(parsed.movePointRight(DemoPlan.scale(transfer.currency())).longValueExact())
                    .isEqualTo(transfer.amountMinor());
        }
        assertThat(plan.transfers()).anyMatch(transfer -> transfer.amountMinor() < 10_000 && transfer.currency().equals("USD"));
    }

    @Test
    void everyTipIsOnePaymentToACreatorWhoseFeeScheduleGivesThePlatformFivePercent() {
        List<Transfer> tips = plan.transfers().stream().filter(transfer -> transfer.category().equals("tips")).toList();
        List<Transfer> posted = tips.stream().filter(tip -> tip.expected().status().equals("POSTED")).toList();

        assertThat(posted).hasSizeGreaterThan(50);
        for (Transfer tip : tips) {
            assertThat(TIP_TOTALS).contains(tip.amountMinor());
            assertThat(CREATORS).contains(tip.creditAccountId());
        }
        for (Transfer tip : posted) {
            assertThat(tip.expected().feeMinor() * 100).as(tip.transferId()).isEqualTo(tip.amountMinor() * 5);
        }
        assertThat(operations(Batch.class)).noneMatch(Batch::atomic);
    }

    @Test
    void theNewsSitesAndCreatorsHaveFeeSchedulesFromTheFirstStepAndEveryPaymentToThemExpectsItsFee() {
        List<SetFees> schedules = operations(SetFees.class);
        Map<String, SetFees> byMerchant = schedules.stream().collect(Collectors.toMap(SetFees::merchantAccountId, Function.identity()));
        Account revenue = account(plan, DemoPlanner.PLATFORM_FEES);

        assertThat(byMerchant.keySet()).containsExactlyInAnyOrderElementsOf(concat(NEWS_SITES, CREATORS));
        assertThat(plan.steps().get(0).operations()).containsAll(schedules);
        assertThat(revenue.kind()).isEqualTo("SYSTEM");
        assertThat(schedules).allSatisfy(fees -> {
            assertThat(fees.revenueAccountId()).isEqualTo(revenue.accountId());
            assertThat(fees.currency()).isEqualTo(revenue.currency());
        });
        long feesCharged = 0;
        for (Transfer transfer : plan.transfers()) {
            SetFees fees = byMerchant.get(transfer.creditAccountId());
            long expected = fees == null || !transfer.expected().status().equals("POSTED") ? 0
                    : FeeRule.feeMinor(transfer.amountMinor(), fees.rate(), fees.fixedMinor(), fees.minimumMinor(), fees.maximumMinor());
            assertThat(transfer.expected().feeMinor()).as(transfer.transferId()).isEqualTo(expected);
            feesCharged += expected;
        }
        assertThat(feesCharged).isPositive();
        // An article of 0.50 USD pays the maximum, one of 0.0025 USD the fixed part and 7 % of it.
        assertThat(plan.transfers()).anyMatch(transfer -> transfer.amountMinor() == 500_000 && transfer.expected().feeMinor() == 20_000)
                .anyMatch(transfer -> transfer.amountMinor() == 2_500 && transfer.expected().feeMinor() == 375);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T00:39:12Z", "2026-12-08T01:00:00Z", "2027-03-01T20:00:00Z"})
    void kimsBillingPeriodIsClosedAtEveryMonthsStartInSeoulAndTheCarrierPaysTheBillThatMorning(String endText) {
        DemoPlan any = DemoPlanner.plan(DemoPlanner.DEFAULT_SEED, Instant.parse(endText));
        List<Instant> monthStarts = new ArrayList<>();
        for (ZonedDateTime month = any.start().atZone(SEOUL).withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(SEOUL);
             !month.toInstant().isAfter(any.end()); month = month.plusMonths(1)) {
            monthStarts.add(month.toInstant());
        }
        List<Instant> closedAt = stepsOf(any, CloseBillingPeriod.class);

        assertThat(monthStarts).isNotEmpty();
        // The current month's period stays open: it is closed only at the starts of months within the history.
        assertThat(closedAt).isEqualTo(monthStarts);
        assertThat(any.operations(CloseBillingPeriod.class)).allSatisfy(close -> {
            assertThat(close.accountId()).isEqualTo("kim");
            assertThat(close.expected()).isNotNull();
        });
        assertBillsArePaidByTheCarrierThatMorning(any);
    }

    @Test
    void historyWithinOneMonthOfThirtyOneDaysClosesKimsPeriodOnceInItsMiddle() {
        // 30 days that lie inside October in Seoul: no month starts within them.
        DemoPlan any = DemoPlanner.plan(DemoPlanner.DEFAULT_SEED, Instant.parse("2026-10-31T10:00:00Z"));

        List<Instant> closedAt = stepsOf(any, CloseBillingPeriod.class);

        assertThat(closedAt).hasSize(1);
        assertThat(closedAt.get(0).atZone(SEOUL).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(closedAt.get(0)).isBetween(any.start().plus(Duration.ofDays(14)), any.start().plus(Duration.ofDays(16)));
        ExpectedBill bill = any.operations(CloseBillingPeriod.class).get(0).expected();
        assertThat(bill.periodEnd()).isEqualTo(closedAt.get(0));
        assertBillsArePaidByTheCarrierThatMorning(any);
    }

    private static void assertBillsArePaidByTheCarrierThatMorning(DemoPlan any) {
        List<CloseBillingPeriod> closes = any.operations(CloseBillingPeriod.class);
        List<Instant> closedAt = stepsOf(any, CloseBillingPeriod.class);
        List<Instant> paidAt = stepsOf(any, PayBill.class);
        Map<Instant, PayBill> payments = any.operations(PayBill.class).stream()
                .collect(Collectors.toMap(PayBill::periodStart, Function.identity()));
        for (int index = 0; index < closes.size(); index++) {
            ExpectedBill bill = closes.get(index).expected();
            assertThat(bill.periodEnd()).isEqualTo(closedAt.get(index));
            assertThat(bill.dueAt()).isEqualTo(bill.periodEnd().plus(Duration.ofDays(14)));
            assertThat(bill.currency()).isEqualTo("KRW");
            assertThat(bill.lines()).isNotEmpty().allSatisfy(line -> {
                assertThat(line.merchantAccountId()).isIn("webtoon-kr", "game-kr");
                assertThat(line.count()).isPositive();
            });
            assertThat(bill.lines().stream().mapToLong(BillLine::totalMinor).sum()).isEqualTo(bill.amountDueMinor()).isPositive();
            PayBill payment = payments.get(bill.periodStart());
            if (bill.periodEnd().plus(DemoPlanner.BILL_PAID_AFTER).isAfter(any.end())) {
                assertThat(payment).isNull();
                continue;
            }
            assertThat(payment.accountId()).isEqualTo("kim");
            assertThat(payment.debitAccountId()).isEqualTo(DemoPlanner.CARRIER);
            assertThat(payment.amountMinor()).isEqualTo(bill.amountDueMinor());
            assertThat(paidAt.get(any.operations(PayBill.class).indexOf(payment)))
                    .isAfter(bill.periodEnd()).isBeforeOrEqualTo(bill.periodEnd().plus(DemoPlanner.BILL_PAID_AFTER));
        }
        assertThat(account(any, DemoPlanner.CARRIER).kind()).isEqualTo("SYSTEM");
        assertThat(any.operations(PayBill.class)).isNotEmpty();
    }

    @Test
    void everyMerchantIsPaidOutEveryMondayIntoTheSystemPayoutAccountOfItsCurrency() {
        List<Settle> settlements = operations(Settle.class);
        List<Instant> settledAt = stepsOf(plan, Settle.class);
        List<Account> merchants = plan.accounts().stream().filter(account -> account.kind().equals("MERCHANT")).toList();
        long mondays = settledAt.stream().distinct().count();

        assertThat(mondays).isBetween(4L, 5L);
        assertThat(settlements).hasSize((int) mondays * merchants.size());
        for (int index = 0; index < settlements.size(); index++) {
            Settle settle = settlements.get(index);
            Account merchant = account(plan, settle.merchantAccountId());
            Account payout = account(plan, settle.payoutAccountId());
            assertThat(merchant.kind()).isEqualTo("MERCHANT");
            assertThat(payout.kind()).isEqualTo("SYSTEM");
            assertThat(payout.currency()).isEqualTo(merchant.currency()).isEqualTo(settle.currency());
            assertThat(settle.cutoff().atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(settle.cutoff().atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
            assertThat(settledAt.get(index)).isAfter(settle.cutoff()).isBefore(settle.cutoff().plus(Duration.ofHours(3)));
            ExpectedSettlement expected = settle.expected();
            if (expected != null) {
                assertThat(expected.count()).isPositive();
                assertThat(expected.netMinor()).isPositive()
                        .isLessThanOrEqualTo(expected.grossMinor() - expected.feesMinor() - expected.refundsMinor());
            }
        }
        for (Account merchant : merchants) {
            assertThat(settlements).as(merchant.accountId())
                    .anyMatch(settle -> settle.merchantAccountId().equals(merchant.accountId()) && settle.expected() != null);
        }
        assertThat(settlements).filteredOn(settle -> NEWS_SITES.contains(settle.merchantAccountId()) && settle.expected() != null)
                .allSatisfy(settle -> assertThat(settle.expected().feesMinor()).isPositive());
    }

    @ParameterizedTest
    @ValueSource(longs = {DemoPlanner.DEFAULT_SEED, 1, 2, 3, 42})
    void theLedgerCarriesManyMorePaymentsThanTheChargesAndPayoutsThatStandForThemOutside(long seed) {
        DemoPlan any = DemoPlanner.plan(seed, END);
        Map<String, Account> accounts = any.accounts().stream().collect(Collectors.toMap(Account::accountId, Function.identity()));
        Map<String, Long> payments = new HashMap<>();
        Map<String, Long> outside = new HashMap<>();
        for (Transfer transfer : any.transfers()) {
            if (!transfer.expected().status().equals("POSTED")) {
                continue;
            }
            boolean fromUser = accounts.get(transfer.debitAccountId()).kind().equals("USER");
            (fromUser ? payments : outside).merge(transfer.currency(), 1L, Long::sum);
        }
        any.operations(PostHold.class).forEach(post -> payments.merge(post.currency(), 1L, Long::sum));
        any.operations(PayBill.class).forEach(pay -> outside.merge(pay.currency(), 1L, Long::sum));
        any.operations(Settle.class).stream().filter(settle -> settle.expected() != null)
                .forEach(settle -> outside.merge(settle.currency(), 1L, Long::sum));

        assertThat(payments).containsOnlyKeys("USD", "KRW");
        payments.forEach((currency, count) -> assertThat(count).as(currency).isGreaterThan(5 * outside.getOrDefault(currency, 0L)));
    }

    @Test
    void idsAreUniqueAndValidAndBatchesStayWithinTheLedgersBound() {
        Set<String> ids = new HashSet<>();
        for (Transfer transfer : plan.transfers()) {
            assertThat(ID.matcher(transfer.transferId()).matches()).as(transfer.transferId()).isTrue();
            assertThat(ids.add(transfer.transferId())).as(transfer.transferId()).isTrue();
        }
        for (Refund refund : operations(Refund.class)) {
            assertThat(ids.add(refund.refundId())).isTrue();
            assertThat(ids).contains(refund.transferId());
        }
        // A bill payment is registered under its id like a transfer.
        for (PayBill payment : operations(PayBill.class)) {
            assertThat(ID.matcher(payment.paymentId()).matches()).as(payment.paymentId()).isTrue();
            assertThat(ids.add(payment.paymentId())).as(payment.paymentId()).isTrue();
        }
        assertThat(operations(Batch.class)).allSatisfy(batch -> assertThat(batch.transfers()).hasSizeBetween(1, 1000));
        Set<String> accountIds = plan.accounts().stream().map(Account::accountId).collect(Collectors.toSet());
        assertThat(plan.transfers()).allSatisfy(transfer -> assertThat(accountIds)
                .contains(transfer.debitAccountId(), transfer.creditAccountId()));
    }

    @Test
    void theMonthTellsTheWholeStory() {
        Map<String, Long> declines = plan.transfers().stream().filter(transfer -> transfer.expected().isDecline())
                .collect(Collectors.groupingBy(transfer -> transfer.expected().code(), Collectors.counting()));
        Map<String, Long> categories = plan.transfers().stream()
                .collect(Collectors.groupingBy(Transfer::category, Collectors.counting()));

        assertThat(declines).containsOnlyKeys("insufficient_funds", "limit_exceeded", "account_frozen");
        assertThat(categories).containsOnlyKeys("news", "tips", "games", "top-up", "webtoon");
        assertThat(categories.get("news")).isGreaterThan(500);
        assertThat(operations(PostHold.class)).anyMatch(post -> post.amountMinor() != null).anyMatch(post -> post.amountMinor() == null);
        assertThat(operations(VoidHold.class)).isNotEmpty();
        assertThat(operations(Refund.class)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(operations(Freeze.class)).extracting(Freeze::accountId).containsExactly("zed");
        assertThat(operations(SetBudget.class)).extracting(SetBudget::accountId).contains("alice");
        assertThat(operations(SetLimits.class)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(plan.accounts()).anyMatch(account -> account.currency().equals("KRW") && account.creditLimitMinor() > 0);
        // One hold is still pending when the month ends, so the dashboard shows held funds.
        Set<String> ended = new HashSet<>();
        operations(PostHold.class).forEach(post -> ended.add(post.transferId()));
        operations(VoidHold.class).forEach(voided -> ended.add(voided.transferId()));
        assertThat(plan.transfers()).filteredOn(transfer -> transfer.holdTimeoutSeconds() != null)
                .filteredOn(transfer -> !ended.contains(transfer.transferId())).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {DemoPlanner.DEFAULT_SEED, 1, 2, 3, 42})
    void replayedInOrderNoWalletGoesBelowItsFloorEveryCurrencySumsToZeroAndThePlansClosingBalancesAgree(long seed) {
        DemoPlan any = DemoPlanner.plan(seed, END);
        Map<String, Account> accounts = any.accounts().stream().collect(Collectors.toMap(Account::accountId, Function.identity()));
        Map<String, String> revenueAccounts = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        Map<String, Transfer> holds = new HashMap<>();
        Map<String, Transfer> transfers = any.transfers().stream()
                .collect(Collectors.toMap(Transfer::transferId, Function.identity()));
        for (Step step : any.steps()) {
            for (Operation operation : step.operations()) {
                if (operation instanceof SetFees fees) {
                    revenueAccounts.put(fees.merchantAccountId(), fees.revenueAccountId());
                } else if (operation instanceof Batch batch) {
                    for (Transfer transfer : batch.transfers()) {
                        if (transfer.expected().status().equals("POSTED")) {
                            move(balances, transfer.debitAccountId(), transfer.creditAccountId(), transfer.amountMinor());
                            move(balances, transfer.creditAccountId(), revenueAccounts.get(transfer.creditAccountId()),
                                    transfer.expected().feeMinor());
                        } else if (transfer.expected().status().equals("PENDING")) {
                            holds.put(transfer.transferId(), transfer);
                        }
                    }
                } else if (operation instanceof PostHold post) {
                    Transfer hold = holds.remove(post.transferId());
                    move(balances, hold.debitAccountId(), hold.creditAccountId(),
                            post.amountMinor() == null ? hold.amountMinor() : post.amountMinor());
                    move(balances, hold.creditAccountId(), revenueAccounts.get(hold.creditAccountId()), post.expectedFeeMinor());
                } else if (operation instanceof VoidHold voided) {
                    assertThat(holds.remove(voided.transferId())).isNotNull();
                } else if (operation instanceof Refund refund) {
                    Transfer original = transfers.get(refund.transferId());
                    move(balances, original.creditAccountId(), original.debitAccountId(), refund.amountMinor());
                    move(balances, revenueAccounts.get(original.creditAccountId()), original.creditAccountId(),
                            refund.expectedFeeReturnedMinor());
                } else if (operation instanceof PayBill payment) {
                    move(balances, payment.debitAccountId(), payment.accountId(), payment.amountMinor());
                } else if (operation instanceof Settle settle && settle.expected() != null) {
                    move(balances, settle.merchantAccountId(), settle.payoutAccountId(), settle.expected().netMinor());
                }
                balances.forEach((accountId, balance) -> {
                    Account account = accounts.get(accountId);
                    if (!account.kind().equals("SYSTEM")) {
                        assertThat(balance).as(accountId).isGreaterThanOrEqualTo(-account.creditLimitMinor());
                    }
                });
            }
        }
        Map<String, Long> sums = new HashMap<>();
        balances.forEach((accountId, balance) -> sums.merge(accounts.get(accountId).currency(), balance, Math::addExact));
        assertThat(sums).containsOnlyKeys("USD", "KRW").allSatisfy((currency, sum) -> assertThat(sum).isZero());
        assertThat(any.closingBalancesMinor()).containsOnlyKeys(accounts.keySet());
        any.closingBalancesMinor().forEach((accountId, balance) ->
                assertThat(balances.getOrDefault(accountId, 0L)).as(accountId).isEqualTo(balance));
    }

    private static void move(Map<String, Long> balances, String from, String to, long amountMinor) {
        if (amountMinor == 0) {
            return;
        }
        balances.merge(from, -amountMinor, Math::addExact);
        balances.merge(to, amountMinor, Math::addExact);
    }

    private <T extends Operation> List<T> operations(Class<T> type) {
        return plan.operations(type);
    }

    /** The moment of each operation of the kind, in the plan's order. */
    private static List<Instant> stepsOf(DemoPlan any, Class<? extends Operation> type) {
        List<Instant> moments = new ArrayList<>();
        for (Step step : any.steps()) {
            step.operations().stream().filter(type::isInstance).forEach(operation -> moments.add(step.at()));
        }
        return moments;
    }

    private static Account account(DemoPlan any, String accountId) {
        return any.accounts().stream().filter(account -> account.accountId().equals(accountId)).findFirst().orElseThrow();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
