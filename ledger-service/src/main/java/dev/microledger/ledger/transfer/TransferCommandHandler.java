package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Posts transfers. Both accounts of a transfer are changed in the same unit of work, which Axon
 * commits in one database transaction together with the transfer registry rows: money is never
 * gone from one account without having arrived at the other.
 * <p>
 * All accounts a command touches are loaded, and so locked, in the order of their ids before
 * anything else happens. Two commands therefore always take their locks in the same order and
 * cannot deadlock, however their transfers cross.
 */
@Component
class TransferCommandHandler {

    /** The most transfers in one command: the batch endpoint's limit. */
    static final int TRANSFERS_PER_COMMAND_MAX = 1000;

    private final Repository<Account> accounts;
    private final TransferRegistry registry;
    private final Clock clock;

    TransferCommandHandler(Repository<Account> accounts, TransferRegistry registry, Clock clock) {
        this.accounts = accounts;
        this.registry = registry;
        this.clock = clock;
    }

    @CommandHandler
    List<TransferOutcome> handle(PostTransfersCommand command) {
        List<TransferInstruction> transfers = command.transfers();
        if (transfers.isEmpty() || transfers.size() > TRANSFERS_PER_COMMAND_MAX) {
            throw new IllegalArgumentException("a command holds 1 to " + TRANSFERS_PER_COMMAND_MAX + " transfers");
        }
        Map<String, Aggregate<Account>> loaded = loadInIdOrder(transfers);
        // Read the registry only once the accounts are locked: a concurrent retry of the same
        // transfer locks the same accounts, so by now it has either committed or not started.
        Set<String> ids = new LinkedHashSet<>();
        transfers.forEach(transfer -> ids.add(transfer.transferId()));
        Map<String, TransferRecord> known = new HashMap<>(registry.findAll(ids));

        Instant now = clock.instant();
        List<TransferOutcome> outcomes = new ArrayList<>(transfers.size());
        List<TransferRecord> accepted = new ArrayList<>();
        for (TransferInstruction transfer : transfers) {
            TransferOutcome outcome = post(transfer, known.get(transfer.transferId()), loaded, now);
            outcomes.add(outcome);
            if (!outcome.isRejected() && !outcome.replayed()) {
                accepted.add(outcome.record());
                known.put(transfer.transferId(), outcome.record());
            }
        }
        if (command.atomic() && outcomes.stream().anyMatch(TransferOutcome::isRejected)) {
            throw new AtomicBatchRejectedException(linkFailures(outcomes));
        }
        registry.insertAll(accepted);
        return outcomes;
    }

    private TransferOutcome post(TransferInstruction transfer, TransferRecord known,
                                 Map<String, Aggregate<Account>> loaded, Instant now) {
        if (known != null) {
            if (known.sameRequestAs(transfer)) {
                return TransferOutcome.replayed(known);
            }
            return TransferOutcome.rejected(new LedgerRejection(RejectionCode.TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS,
                    "transfer '" + transfer.transferId() + "' already exists with other fields",
                    Map.of("transferId", transfer.transferId())));
        }
        if (transfer.debitAccountId().equals(transfer.creditAccountId())) {
            return TransferOutcome.rejected(new LedgerRejection(RejectionCode.ACCOUNTS_MUST_BE_DIFFERENT,
                    "a transfer needs two different accounts; both are '" + transfer.debitAccountId() + "'"));
        }
        Aggregate<Account> debit = loaded.get(transfer.debitAccountId());
        if (debit == null) {
            return TransferOutcome.rejected(LedgerRejection.accountNotFound(transfer.debitAccountId()));
        }
        Aggregate<Account> credit = loaded.get(transfer.creditAccountId());
        if (credit == null) {
            return TransferOutcome.rejected(LedgerRejection.accountNotFound(transfer.creditAccountId()));
        }
        // Ask both sides before changing either: a refused transfer leaves both accounts untouched.
        Optional<LedgerRejection> refusal = debit.invoke(account -> account.refusalToSend(transfer.amount()));
        if (refusal.isEmpty()) {
            refusal = credit.invoke(account -> account.refusalToReceive(transfer.amount()));
        }
        if (refusal.isPresent()) {
            return TransferOutcome.rejected(refusal.get());
        }
        long debitVersion = debit.invoke(account -> account.debit(new Posting(transfer.transferId(),
                transfer.creditAccountId(), transfer.amount(), transfer.category(), transfer.description(), now)));
        long creditVersion = credit.invoke(account -> account.credit(new Posting(transfer.transferId(),
                transfer.debitAccountId(), transfer.amount(), transfer.category(), transfer.description(), now)));
        return TransferOutcome.accepted(new TransferRecord(transfer, TransferStatus.POSTED, now, debitVersion,
                creditVersion));
    }

    private Map<String, Aggregate<Account>> loadInIdOrder(List<TransferInstruction> transfers) {
        Set<String> accountIds = new TreeSet<>();
        for (TransferInstruction transfer : transfers) {
            accountIds.add(transfer.debitAccountId());
            accountIds.add(transfer.creditAccountId());
        }
        Map<String, Aggregate<Account>> loaded = new HashMap<>();
        for (String accountId : accountIds) {
            try {
                loaded.put(accountId, accounts.load(accountId));
            } catch (AggregateNotFoundException missing) {
                // Left out of the map: the transfers naming it are rejected with account_not_found.
            }
        }
        return loaded;
    }

    /** In a failed atomic batch, every transfer that did not fail itself failed with its batch. */
    private static List<TransferOutcome> linkFailures(List<TransferOutcome> outcomes) {
        String failed = outcomes.stream().filter(TransferOutcome::isRejected)
                .map(outcome -> outcome.rejection().code().code()).findFirst().orElseThrow();
        List<TransferOutcome> linked = new ArrayList<>(outcomes.size());
        for (TransferOutcome outcome : outcomes) {
            if (outcome.isRejected()) {
                linked.add(outcome);
            } else {
                linked.add(TransferOutcome.rejected(new LedgerRejection(RejectionCode.LINKED_TRANSFER_FAILED,
                        "not posted: another transfer of this atomic batch failed (" + failed + ")")));
            }
        }
        return linked;
    }
}
