package dev.microledger.ledger.transfer;

import dev.microledger.events.FeeRule;
import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refunds posted transfers. A refund is a transfer of its own, from the original payee back to
 * the original payer, linked to the original by its id; the original is never changed except for
 * its refunded total. Both accounts are locked before the refunded total is read, so two refunds
 * racing for the last cent are serialized and the total never passes what was posted.
 */
@Component
class RefundCommandHandler {

    /** Refunds {@code amountMinor} of a transfer, or all that is left of it when null. */
    record RefundTransfer(String refundId, String transferId, Long amountMinor) {
    }

    /** The refund as posted (now or, for a retry, earlier) with the transfer it refunds, or why it was refused. */
    record Result(RefundRecord record, TransferInstruction original, boolean replayed, LedgerRejection rejection) {
    }

    private final AccountLocks locks;
    private final TransferRegistry transfers;
    private final RefundRegistry refunds;
    private final Clock clock;

    RefundCommandHandler(AccountLocks locks, TransferRegistry transfers, RefundRegistry refunds, Clock clock) {
        this.locks = locks;
        this.transfers = transfers;
        this.refunds = refunds;
        this.clock = clock;
    }

    @CommandHandler
    Result handle(RefundTransfer command) {
        String transferId = command.transferId();
        TransferRecord seen = transfers.find(transferId)
                .orElseThrow(() -> HoldCommandHandler.transferNotFound(transferId));
        TransferInstruction original = seen.instruction();
        List<String> accountIds = new ArrayList<>(List.of(original.debitAccountId(), original.creditAccountId()));
        if (seen.feeAccountId() != null) {
            // The fee a refund gives back comes from the account the payment's fee went to.
            accountIds.add(seen.feeAccountId());
        }
        Map<String, Aggregate<Account>> loaded = locks.loadInIdOrder(accountIds);
        Optional<RefundRecord> known = refunds.find(command.refundId());
        if (known.isPresent()) {
            if (known.get().sameRequestAs(transferId, command.amountMinor())) {
                return new Result(known.get(), original, true, null);
            }
            return rejected(new LedgerRejection(RejectionCode.REFUND_EXISTS_WITH_DIFFERENT_FIELDS, "refund '"
                    + command.refundId() + "' already exists with other fields", Map.of("refundId", command.refundId())));
        }
        if (transfers.find(command.refundId()).isPresent()) {
            return rejected(new LedgerRejection(RejectionCode.REFUND_EXISTS_WITH_DIFFERENT_FIELDS, "'" + command.refundId()
                    + "' already names a transfer; transfers and refunds share one id space",
                    Map.of("refundId", command.refundId())));
        }
        TransferRecord record = transfers.find(transferId).orElseThrow();
        if (record.status() != TransferStatus.POSTED) {
            return rejected(new LedgerRejection(RejectionCode.REFUND_EXCEEDS_TRANSFER, "transfer '" + transferId
                    + "' is " + record.status() + ": nothing of it was posted, so there is nothing to refund",
                    Map.of("transferId", transferId, "status", record.status().name())));
        }
        long refundableMinor = record.movedMinor() - record.refundedMinor();
        long amountMinor = command.amountMinor() == null ? refundableMinor : command.amountMinor();
        String currency = original.amount().currency();
        if (amountMinor <= 0 || amountMinor > refundableMinor) {
            return rejected(new LedgerRejection(RejectionCode.REFUND_EXCEEDS_TRANSFER, "the refund would take the "
                    + "refunds of transfer '" + transferId + "' above what was posted", Map.of("transferId", transferId,
                    "refundableMinorUnits", refundableMinor)));
        }
        Aggregate<Account> payee = loaded.get(original.creditAccountId());
        Aggregate<Account> payer = loaded.get(original.debitAccountId());
        Money amount = new Money(amountMinor, currency);
        long feeReturnedMinor = record.feeMinor() == 0 ? 0
                : FeeRule.returnedMinor(record.feeMinor(), record.movedMinor(), record.refundedMinor(), amountMinor);
        Aggregate<Account> feeAccount = feeReturnedMinor == 0 ? null : loaded.get(record.feeAccountId());
        // The merchant pays the refund after its fee came back: what it sends is the refund less that.
        Money payeeSends = new Money(amountMinor - feeReturnedMinor, currency);
        Optional<LedgerRejection> refusal = payee.invoke(account -> account.refusalToSend(payeeSends));
        if (refusal.isEmpty() && feeAccount != null) {
            refusal = feeAccount.invoke(account -> account.refusalToSend(new Money(feeReturnedMinor, currency)));
        }
        if (refusal.isEmpty()) {
            refusal = payer.invoke(account -> account.refusalToReceive(amount));
        }
        if (refusal.isPresent()) {
            return rejected(refusal.get());
        }
        Instant now = clock.instant();
        if (feeAccount != null) {
            Money fee = new Money(feeReturnedMinor, currency);
            feeAccount.invoke(account -> account.debit(new Posting(command.refundId(), original.creditAccountId(), fee,
                    original.category(), null, now, EntryKind.FEE, transferId)));
            payee.invoke(account -> account.credit(new Posting(command.refundId(), record.feeAccountId(), fee,
                    original.category(), null, now, EntryKind.FEE, transferId)));
        }
        long payeeVersion = payee.invoke(account -> account.debit(new Posting(command.refundId(),
                original.debitAccountId(), amount, original.category(), null, now, EntryKind.REFUND, transferId)));
        long payerVersion = payer.invoke(account -> account.credit(new Posting(command.refundId(),
                original.creditAccountId(), amount, original.category(), null, now, EntryKind.REFUND, transferId)));
        RefundRecord refund = new RefundRecord(command.refundId(), transferId, command.amountMinor(), amountMinor,
                currency, now, payeeVersion, payerVersion, feeReturnedMinor,
                feeAccount == null ? 0 : feeAccount.invoke(Account::version));
        refunds.insert(refund);
        transfers.addRefunded(transferId, record.refundedMinor(), amountMinor);
        return new Result(refund, original, false, null);
    }

    private static Result rejected(LedgerRejection rejection) {
        return new Result(null, null, false, rejection);
    }
}
