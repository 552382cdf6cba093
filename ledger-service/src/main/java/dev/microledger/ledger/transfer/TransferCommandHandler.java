package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.account.SpendingPolicy;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts transfers. Both accounts of a transfer are changed in the same unit of work, which Axon
 * commits in one database transaction together with the transfer registry rows: money is never
 * gone from one account without having arrived at the other.
 * <p>
 * All accounts a command touches are loaded, and so locked, in the order of their ids before
 * anything else happens ({@link AccountLocks}).
 * <p>
 * A payment refused for insufficient funds, a spending limit or a frozen account is recorded as
 * a decline on the payer's stream; the transfer id stays free. A pending transfer (a hold)
 * reserves the amount on the payer and changes nothing on the payee until it is posted.
 */
@Component
class TransferCommandHandler {

    /** The most transfers in one command: the batch endpoint's limit. */
    static final int TRANSFERS_PER_COMMAND_MAX = 1000;

    /** Refusals of a payment that are recorded on the payer's stream as declines. */
    private static final Set<RejectionCode> DECLINES = EnumSet.of(RejectionCode.INSUFFICIENT_FUNDS,
            RejectionCode.LIMIT_EXCEEDED, RejectionCode.ACCOUNT_FROZEN, RejectionCode.BILL_OVERDUE);

    private final AccountLocks locks;
    private final TransferRegistry registry;
    private final RefundRegistry refunds;
    private final SpendingPolicy policy;
    private final FeeRoutes feeRoutes;
    private final Clock clock;

    TransferCommandHandler(AccountLocks locks, TransferRegistry registry, RefundRegistry refunds, SpendingPolicy policy,
                           FeeRoutes feeRoutes, Clock clock) {
        this.feeRoutes = feeRoutes;
        this.refunds = refunds;
        this.locks = locks;
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    @CommandHandler
    List<TransferOutcome> handle(PostTransfersCommand command) {
        List<TransferInstruction> transfers = command.transfers();
        if (transfers.isEmpty() || transfers.size() > TRANSFERS_PER_COMMAND_MAX) {
            throw new IllegalArgumentException("a command holds 1 to " + TRANSFERS_PER_COMMAND_MAX + " transfers");
        }
        Map<String, Aggregate<Account>> loaded = loadInIdOrder(transfers);
        Set<String> payees = new HashSet<>();
        transfers.forEach(transfer -> payees.add(transfer.creditAccountId()));
        feeRoutes.requireLocked(loaded, payees);
        // Read the registry only once the accounts are locked: a concurrent retry of the same
        // transfer locks the same accounts, so by now it has either committed or not started.
        Set<String> ids = new LinkedHashSet<>();
        transfers.forEach(transfer -> ids.add(transfer.transferId()));
        Map<String, TransferRecord> known = new HashMap<>(registry.findAll(ids));
        Set<String> refundIds = refunds.refundIdsAmong(ids);

        Instant now = clock.instant();
        List<TransferOutcome> outcomes = new ArrayList<>(transfers.size());
        List<TransferRecord> accepted = new ArrayList<>();
        for (TransferInstruction transfer : transfers) {
            TransferOutcome outcome = refundIds.contains(transfer.transferId())
                    ? TransferOutcome.rejected(new LedgerRejection(RejectionCode.TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS,
                            "'" + transfer.transferId() + "' already names a refund; transfers and refunds share one id space",
                            Map.of("transferId", transfer.transferId())))
                    : post(transfer, known.get(transfer.transferId()), loaded, now);
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
        if (!transfer.mayDebitSystem() && debit.invoke(Account::isSystem)) {
            return TransferOutcome.rejected(new LedgerRejection(RejectionCode.FORBIDDEN,
                    "only a key with the role treasury may debit the SYSTEM account '" + transfer.debitAccountId()
                            + "': that brings money into circulation",
                    Map.of("requiredRole", "treasury", "accountId", transfer.debitAccountId())));
        }
        Aggregate<Account> credit = loaded.get(transfer.creditAccountId());
        if (credit == null) {
            return TransferOutcome.rejected(LedgerRejection.accountNotFound(transfer.creditAccountId()));
        }
        Posting payment = new Posting(transfer.transferId(), transfer.creditAccountId(), transfer.amount(),
                transfer.category(), transfer.description(), now)
                .by(transfer.caller().actor(), transfer.caller().requestId());
        // A payment posted at once pays its fee now; a hold pays it on what is posted.
        Fees.Fee fee = transfer.isHold() || debit.invoke(Account::isSystem) ? Fees.Fee.NONE
                : Fees.of(feeRoutes.scheduleOf(credit), transfer.amount().amountMinor(), loaded);
        // Ask every side before changing any: a refused transfer leaves every balance untouched.
        Optional<LedgerRejection> refusal = debit.invoke(account -> transfer.isHold()
                ? account.refusalToHold(transfer.amount(), now, policy)
                : account.refusalToPay(transfer.amount(), now, policy));
        if (refusal.isEmpty()) {
            refusal = credit.invoke(account -> account.refusalToReceive(transfer.amount()));
        }
        if (refusal.isEmpty()) {
            refusal = fee.refusal(transfer.amount().currency());
        }
        if (refusal.isPresent()) {
            LedgerRejection rejection = refusal.get();
            if (DECLINES.contains(rejection.code())) {
                debit.invoke(account -> account.decline(payment, rejection));
            }
            return TransferOutcome.rejected(rejection);
        }
        if (transfer.isHold()) {
            Instant expiresAt = now.plusSeconds(transfer.holdTimeoutSeconds());
            long debitVersion = debit.invoke(account -> account.placeHold(payment, expiresAt));
            long creditVersion = credit.invoke(Account::version);
            return TransferOutcome.accepted(new TransferRecord(transfer, TransferStatus.PENDING, now, debitVersion,
                    creditVersion, expiresAt, null, 0));
        }
        long debitVersion = debit.invoke(account -> account.debit(payment));
        long creditVersion = credit.invoke(account -> account.credit(new Posting(transfer.transferId(),
                transfer.debitAccountId(), transfer.amount(), transfer.category(), transfer.description(), now)
                .by(transfer.caller().actor(), transfer.caller().requestId())));
        creditVersion = fee.charge(credit, transfer.transferId(), transfer.category(), now, transfer.caller().actor(),
                transfer.caller().requestId(), creditVersion);
        return TransferOutcome.accepted(new TransferRecord(transfer, TransferStatus.POSTED, now, debitVersion,
                creditVersion).withFee(fee.minor(), fee.accountId(), fee.revenueVersion()));
    }

    private Map<String, Aggregate<Account>> loadInIdOrder(List<TransferInstruction> transfers) {
        Set<String> accountIds = new HashSet<>();
        for (TransferInstruction transfer : transfers) {
            accountIds.add(transfer.debitAccountId());
            accountIds.add(transfer.creditAccountId());
        }
        accountIds.addAll(feeRoutes.revenueAccountsOf(accountIds));
        return locks.loadInIdOrder(accountIds);
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
