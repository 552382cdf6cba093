package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetFees;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Transfer;
import dev.microledger.launcher.demo.DemoPlan.VoidHold;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a seeding put into the ledger, counted from the ledger's answers.
 *
 * @param from the first moment of the history
 * @param to the last moment a step may have
 * @param accounts accounts opened
 * @param posted transfers posted (holds counted once they are posted)
 * @param articles article payments posted
 * @param tips tips posted
 * @param games game purchases in USD posted at once
 * @param carrierBilled payments of the postpaid carrier-billing user (KRW)
 * @param topUps wallet top-ups
 * @param holds holds placed
 * @param holdsPosted holds posted, in whole or in part
 * @param holdsVoided holds voided
 * @param refunds refunds
 * @param declines declined payments by code
 * @param limited accounts with spending limits
 * @param budgets accounts with a budget
 * @param feeSchedules merchants with a fee schedule
 * @param economics the bills, payouts and fees, as the ledger answered
 */
public record DemoReport(String from, String to, int accounts, int posted, int articles, int tips, int games,
                         int carrierBilled, int topUps, int holds, int holdsPosted, int holdsVoided, int refunds,
                         Map<String, Integer> declines, List<String> limited, List<String> budgets, int feeSchedules,
                         Economics economics) {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /**
     * @param billsIssued bills the ledger issued
     * @param billsPaid bills paid in full
     * @param settlements merchant payouts made
     * @param paidOutMinor what the payouts moved, by currency
     * @param feesReceived the revenue account's balance at the end: every fee, less what refunds gave back
     */
    public record Economics(int billsIssued, int billsPaid, int settlements, Map<String, Long> paidOutMinor,
                            String feesReceived) {
        public Economics {
            paidOutMinor = Map.copyOf(paidOutMinor);
        }
    }

    static DemoReport of(DemoPlan plan, Map<String, String> outcomes, Economics economics) {
        int posted = 0;
        int articles = 0;
        int tips = 0;
        int games = 0;
        int carrierBilled = 0;
        int topUps = 0;
        int holds = 0;
        Map<String, Integer> declines = new TreeMap<>();
        for (Transfer transfer : plan.transfers()) {
            String outcome = outcomes.getOrDefault(transfer.transferId(), "not sent");
            if (outcome.equals("PENDING")) {
                holds++;
                continue;
            }
            if (!outcome.equals("POSTED")) {
                declines.merge(outcome, 1, Integer::sum);
                continue;
            }
            posted++;
            if (transfer.currency().equals("KRW")) {
                carrierBilled++;
                continue;
            }
            switch (transfer.category()) {
                case "news" -> articles++;
                case "tips" -> tips++;
                case "games" -> games++;
                case "top-up" -> topUps++;
                default -> { }
            }
        }
        int holdsPosted = 0;
        int holdsVoided = 0;
        int refunds = 0;
        List<String> limited = new ArrayList<>();
        List<String> budgets = new ArrayList<>();
        for (Operation operation : plan.steps().stream().flatMap(step -> step.operations().stream()).toList()) {
            if (operation instanceof PostHold) {
                holdsPosted++;
            } else if (operation instanceof VoidHold) {
                holdsVoided++;
            } else if (operation instanceof Refund) {
                refunds++;
            } else if (operation instanceof SetLimits limits) {
                limited.add(limits.accountId());
            } else if (operation instanceof SetBudget budget) {
                budgets.add(budget.accountId() + " " + DemoPlan.decimal(budget.monthlyMinor(), budget.currency()) + " "
                        + budget.currency() + " a month");
            }
        }
        return new DemoReport(MINUTE.format(plan.start()), MINUTE.format(plan.end()), plan.accounts().size(),
                posted + holdsPosted, articles, tips, games, carrierBilled, topUps, holds, holdsPosted,
                holdsVoided, refunds, Map.copyOf(declines), List.copyOf(limited), List.copyOf(budgets),
                plan.operations(SetFees.class).size(), economics);
    }

    public int declineCount() {
        return declines.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A few lines for people: what the dashboard will show. */
    public List<String> lines() {
        return List.of(
                String.format("History from %s to %s UTC, %d accounts:", from, to, accounts),
                String.format("  %,d transfers posted: %,d article payments, %,d tips,", posted, articles, tips),
                String.format("  %,d game purchases, %,d carrier-billed payments in KRW, %,d wallet top-ups", games, carrierBilled, topUps),
                String.format("  %,d holds: %,d posted, %,d voided, %,d still pending; %,d refunds", holds, holdsPosted, holdsVoided,
                        holds - holdsPosted - holdsVoided, refunds),
                String.format("  %,d declined payments %s", declineCount(), declines),
                String.format("  limits on %s; budgets: %s", String.join(", ", limited), String.join(", ", budgets)),
                String.format("  %d fee schedules (news sites and creators); %s received %s USD in fees", feeSchedules,
                        DemoPlanner.PLATFORM_FEES, economics.feesReceived()),
                String.format("  kim's bills: %d issued, %d paid by the carrier; %d weekly merchant payouts: %s", economics.billsIssued(),
                        economics.billsPaid(), economics.settlements(), paidOut()));
    }

    private String paidOut() {
        List<String> totals = new ArrayList<>();
        new TreeMap<>(economics.paidOutMinor()).forEach((currency, minor) ->
                totals.add(DemoPlan.decimal(minor, currency) + " " + currency));
        return totals.isEmpty() ? "nothing paid out" : String.join(", ", totals);
    }
}
