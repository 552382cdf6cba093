package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
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
 * @param tips tips posted, each with its platform fee leg
 * @param games game purchases in USD posted at once
 * @param carrierBilled payments of the postpaid carrier-billing user (KRW), its phone bill aside
 * @param topUps wallet top-ups
 * @param holds holds placed
 * @param holdsPosted holds posted, in whole or in part
 * @param holdsVoided holds voided
 * @param refunds refunds
 * @param declines declined payments by code
 * @param limited accounts with spending limits
 * @param budgets accounts with a budget
 */
public record DemoReport(String from, String to, int accounts, int posted, int articles, int tips, int games,
                         int carrierBilled, int topUps, int holds, int holdsPosted, int holdsVoided, int refunds,
                         Map<String, Integer> declines, List<String> limited, List<String> budgets) {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    static DemoReport of(DemoPlan plan, Map<String, String> outcomes) {
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
                carrierBilled += transfer.category().equals("phone-bill") ? 0 : 1;
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
                holdsVoided, refunds, Map.copyOf(declines), List.copyOf(limited), List.copyOf(budgets));
    }

    public int declineCount() {
        return declines.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A few lines for people: what the dashboard will show. */
    public List<String> lines() {
        return List.of(
                String.format("History from %s to %s UTC, %d accounts:", from, to, accounts),
                String.format("  %,d transfers posted: %,d article payments, %,d tips (each with a 5 %% platform fee, one atomic batch),",
                        posted, articles, tips),
                String.format("  %,d game purchases, %,d carrier-billed payments in KRW, %,d wallet top-ups", games, carrierBilled, topUps),
                String.format("  %,d holds: %,d posted, %,d voided, %,d still pending; %,d refunds", holds, holdsPosted, holdsVoided,
                        holds - holdsPosted - holdsVoided, refunds),
                String.format("  %,d declined payments %s", declineCount(), declines),
                String.format("  limits on %s; budgets: %s", String.join(", ", limited), String.join(", ", budgets)));
    }
}
