package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Batch;
import dev.microledger.launcher.demo.DemoPlan.Freeze;
import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Step;
import dev.microledger.launcher.demo.DemoPlan.Transfer;
import dev.microledger.launcher.demo.DemoPlan.VoidHold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
    void everyTipIsAnAtomicBatchWhoseFeeLegIsFivePercentAndWhoseLegsSumToTheTip() {
        List<Batch> tips = operations(Batch.class).stream().filter(Batch::atomic).toList();

        assertThat(tips).hasSizeGreaterThan(50);
        for (Batch tip : tips) {
            assertThat(tip.transfers()).hasSize(2);
            Transfer creatorLeg = tip.transfers().get(0);
            Transfer feeLeg = tip.transfers().get(1);
            long total = creatorLeg.amountMinor() + feeLeg.amountMinor();
            assertThat(TIP_TOTALS).contains(total);
            assertThat(feeLeg.amountMinor() * 100).isEqualTo(total * 5);
            assertThat(creatorLeg.debitAccountId()).isEqualTo(feeLeg.debitAccountId());
            assertThat(creatorLeg.creditAccountId()).startsWith("creator-");
            assertThat(feeLeg.creditAccountId()).isEqualTo(DemoPlanner.PLATFORM_FEES);
            assertThat(feeLeg.transferId()).isEqualTo(creatorLeg.transferId() + "-fee");
            assertThat(List.of(creatorLeg.expected(), feeLeg.expected())).containsOnly(DemoPlan.Expected.POSTED);
        }
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
        assertThat(categories).containsKeys("news", "tips", "fees", "games", "top-up", "webtoon", "phone-bill");
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
    void replayedInOrderNoWalletGoesBelowItsFloorAndEveryCurrencySumsToZero(long seed) {
        DemoPlan any = DemoPlanner.plan(seed, END);
        Map<String, Account> accounts = any.accounts().stream().collect(Collectors.toMap(Account::accountId, Function.identity()));
        Map<String, Long> balances = new HashMap<>();
        Map<String, Transfer> holds = new HashMap<>();
        for (Step step : any.steps()) {
            for (Operation operation : step.operations()) {
                if (operation instanceof Batch batch) {
                    for (Transfer transfer : batch.transfers()) {
                        if (transfer.expected().status().equals("POSTED")) {
                            move(balances, transfer.debitAccountId(), transfer.creditAccountId(), transfer.amountMinor());
                        } else if (transfer.expected().status().equals("PENDING")) {
                            holds.put(transfer.transferId(), transfer);
                        }
                    }
                } else if (operation instanceof PostHold post) {
                    Transfer hold = holds.remove(post.transferId());
                    move(balances, hold.debitAccountId(), hold.creditAccountId(),
                            post.amountMinor() == null ? hold.amountMinor() : post.amountMinor());
                } else if (operation instanceof VoidHold voided) {
                    assertThat(holds.remove(voided.transferId())).isNotNull();
                } else if (operation instanceof Refund refund) {
                    Transfer original = any.transfers().stream()
                            .filter(transfer -> transfer.transferId().equals(refund.transferId())).findFirst().orElseThrow();
                    move(balances, original.creditAccountId(), original.debitAccountId(), refund.amountMinor());
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
    }

    private static void move(Map<String, Long> balances, String from, String to, long amountMinor) {
        balances.merge(from, -amountMinor, Math::addExact);
        balances.merge(to, amountMinor, Math::addExact);
    }

    private <T extends Operation> List<T> operations(Class<T> type) {
        return plan.steps().stream().flatMap(step -> step.operations().stream())
                .filter(type::isInstance).map(type::cast).toList();
    }
}
