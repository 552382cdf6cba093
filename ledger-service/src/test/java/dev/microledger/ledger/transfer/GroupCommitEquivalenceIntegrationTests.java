package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.account.AccountCreditedEvent;
import dev.microledger.ledger.account.AccountDebitedEvent;
import dev.microledger.ledger.account.AccountKind;
import dev.microledger.ledger.account.OpenAccountCommand;
import dev.microledger.ledger.money.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit must not change a single answer: the same seeded sequence of transfers, posted
 * one command per transfer (the baseline) and in groups of random sizes (as the group committer
 * and the batch endpoint do), gives the same outcome for every transfer and the same balances.
 */
class GroupCommitEquivalenceIntegrationTests extends LedgerIntegrationTestSupport {

    private static final int USERS = 12;
    private static final int TRANSFERS = 1500;

    @Autowired
    private CommandGateway commands;

    @Autowired
    private EventStore eventStore;

    @Test
    void groupedAndSingleCommandsGiveTheSameOutcomesAndBalances() {
        String run = unique("eq");
        List<Step> workload = workload(new SplittableRandom(20261121));

        Map<String, Long> baselineBalances = new LinkedHashMap<>();
        List<String> baseline = execute(run + "-single", workload, new SplittableRandom(1), true, baselineBalances);
        Map<String, Long> groupedBalances = new LinkedHashMap<>();
        List<String> grouped = execute(run + "-grouped", workload, new SplittableRandom(2), false, groupedBalances);

        assertThat(grouped).containsExactlyElementsOf(baseline);
        assertThat(groupedBalances).isEqualTo(baselineBalances);
        // The workload is varied enough to mean something: it accepts, refuses and replays.
        assertThat(baseline).contains("POSTED", "replayed", "insufficient_funds", "account_not_found",
                "currency_mismatch", "transfer_exists_with_different_fields", "accounts_must_be_different");
        assertThat(baselineBalances.values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    /** One transfer of the workload, with account numbers instead of ids (-1 is an account that does not exist). */
    private record Step(int transferNumber, int debit, int credit, long amountMinor, String currency) {
    }

    private static List<Step> workload(SplittableRandom random) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            int kind = random.nextInt(100);
            if (kind >= 95 && i > 0) {
                // A client retrying an earlier request exactly: a replay, or a first success if it had failed.
                steps.add(steps.get(random.nextInt(i)));
                continue;
            }
            int debit = random.nextInt(USERS + 1);
            int credit = random.nextInt(USERS + 1);
            if (kind < 2) {
                credit = -1;
            }
            // Reusing an earlier transfer number gives replays (same fields) and conflicts (other fields).
            int number = kind < 8 && i > 0 ? random.nextInt(i) : i;
            String currency = kind == 9 ? "EUR" : "USD";
            steps.add(new Step(number, debit, credit, 1 + random.nextLong(3_000_000), currency));
        }
        return steps;
    }

    private List<String> execute(String prefix, List<Step> workload, SplittableRandom grouping, boolean single,
                                 Map<String, Long> balances) {
        // Account 0 is the SYSTEM funding account; the users start with 2.00 each.
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i <= USERS; i++) {
            String accountId = prefix + "-acct-" + i;
            accounts.add(accountId);
            commands.sendAndWait(new OpenAccountCommand(accountId, "USD", i == 0 ? AccountKind.SYSTEM : AccountKind.USER,
                    0, "{}"));
        }
        List<TransferInstruction> topUps = new ArrayList<>();
        for (int i = 1; i <= USERS; i++) {
            topUps.add(new TransferInstruction(prefix + "-top-up-" + i, accounts.get(0), accounts.get(i),
                    new Money(2_000_000, "USD"), "top-up", null, "{}"));
        }
        commands.sendAndWait(new PostTransfersCommand(topUps, false));

        List<TransferInstruction> instructions = new ArrayList<>();
        for (Step step : workload) {
            String credit = step.credit() < 0 ? prefix + "-missing" : accounts.get(step.credit());
            instructions.add(new TransferInstruction(prefix + "-t-" + step.transferNumber(), accounts.get(step.debit()),
                    credit, new Money(step.amountMinor(), step.currency()), "cat", null, "{}"));
        }
        List<String> outcomes = new ArrayList<>();
        int next = 0;
        while (next < instructions.size()) {
            int size = single ? 1 : 1 + grouping.nextInt(TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX / 2);
            List<TransferInstruction> group = instructions.subList(next, Math.min(instructions.size(), next + size));
            List<TransferOutcome> results = commands.sendAndWait(new PostTransfersCommand(new ArrayList<>(group), false));
            results.forEach(result -> outcomes.add(describe(result)));
            next += group.size();
        }
        for (int i = 0; i <= USERS; i++) {
            balances.put("acct-" + i, balanceOf(accounts.get(i)));
        }
        return outcomes;
    }

    private static String describe(TransferOutcome outcome) {
        if (outcome.isRejected()) {
            return outcome.rejection().code().code();
        }
        return outcome.replayed() ? "replayed" : outcome.record().status().name();
    }

    private long balanceOf(String accountId) {
        long[] balance = {0};
        // From sequence 0: the plain readEvents(id) would start at the latest snapshot.
        eventStore.readEvents(accountId, 0).asStream().forEach(message -> {
            if (message.getPayload() instanceof AccountDebitedEvent debited) {
                balance[0] = debited.balanceAfterMinor();
            } else if (message.getPayload() instanceof AccountCreditedEvent credited) {
                balance[0] = credited.balanceAfterMinor();
            }
        });
        return balance[0];
    }
}
