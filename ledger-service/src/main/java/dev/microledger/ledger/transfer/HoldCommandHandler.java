package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.HoldEndReason;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ends holds: posts, voids and expires pending transfers. Each command locks both accounts of
 * the transfer and only then reads the transfer's state, so of a post, a void and an expiry
 * racing for the same hold exactly one finds it pending; the others see what the winner made
 * of it. A hold past its expiry is expired by whichever command meets it first, so a late post
 * never wins against a due expiry, even one the expiry job has not reached yet.
 * <p>
 * Freezing and holds: a frozen (or closed) payer or payee stops a post (the hold stays pending,
 * to be posted after unfreezing, voided or left to expire); voids and expiries go ahead, since
 * they only give reserved funds back.
 */
@Component
class HoldCommandHandler {

    private final AccountLocks locks;
    private final TransferRegistry registry;
    private final FeeRoutes feeRoutes;
    private final Clock clock;

    HoldCommandHandler(AccountLocks locks, TransferRegistry registry, FeeRoutes feeRoutes, Clock clock) {
        this.feeRoutes = feeRoutes;
        this.locks = locks;
        this.registry = registry;
        this.clock = clock;
    }

    @CommandHandler
    HoldCommands.Result handle(HoldCommands.PostHold command) {
        Locked hold = lock(command.transferId());
        Instant now = clock.instant();
        Optional<LedgerRejection> notPending = notPending(hold, now);
        if (notPending.isPresent()) {
            return rejected(notPending.get());
        }
        TransferRecord record = hold.record();
        long heldMinor = record.instruction().amount().amountMinor();
        long postedMinor = command.amountMinor() == null ? heldMinor : command.amountMinor();
        String currency = record.instruction().amount().currency();
        if (postedMinor > heldMinor) {
            return rejected(new LedgerRejection(RejectionCode.AMOUNT_EXCEEDS_HOLD, "transfer '" + record.transferId()
                    + "' holds less than the amount to post", Map.of("transferId", record.transferId())));
        }
        Money posted = new Money(postedMinor, currency);
        // The fee is paid on what is posted, by the schedule the merchant has now.
        Fees.Fee fee = postedMinor == 0 || hold.debit().invoke(Account::isSystem) ? Fees.Fee.NONE
                : Fees.of(feeRoutes.scheduleOf(hold.credit()), postedMinor, hold.loaded());
        Optional<LedgerRejection> refusal = hold.debit().invoke(Account::refusalToPostHold);
        if (refusal.isEmpty()) {
            refusal = hold.credit().invoke(account -> account.refusalToReceive(posted));
        }
        if (refusal.isEmpty()) {
            refusal = fee.refusal(currency);
        }
        if (refusal.isPresent()) {
            return rejected(refusal.get());
        }
        TransferInstruction instruction = record.instruction();
        hold.debit().invoke(account -> account.releaseHold(instruction.transferId(), postedMinor,
                HoldEndReason.POSTED, now));
        long debitVersion = hold.debit().invoke(account -> account.debit(new Posting(instruction.transferId(),
                instruction.creditAccountId(), posted, instruction.category(), instruction.description(), now,
                EntryKind.HOLD_CAPTURE, null)));
        long creditVersion = hold.credit().invoke(account -> account.credit(new Posting(instruction.transferId(),
                instruction.debitAccountId(), posted, instruction.category(), instruction.description(), now,
                EntryKind.HOLD_CAPTURE, null)));
        creditVersion = fee.charge(hold.credit(), instruction.transferId(), instruction.category(), now, null, null,
                creditVersion);
        registry.endHold(instruction.transferId(), TransferStatus.POSTED, postedMinor);
        if (fee.minor() > 0) {
            registry.setFee(instruction.transferId(), fee.minor(), fee.accountId(), fee.revenueVersion());
        }
        return new HoldCommands.Result(new TransferRecord(instruction, TransferStatus.POSTED, record.createdAt(),
                debitVersion, creditVersion, null, postedMinor, record.refundedMinor(), fee.minor(), fee.accountId(), fee.revenueVersion()),
                null);
    }

    @CommandHandler
    HoldCommands.Result handle(HoldCommands.VoidHold command) {
        Locked hold = lock(command.transferId());
        Instant now = clock.instant();
        Optional<LedgerRejection> notPending = notPending(hold, now);
        if (notPending.isPresent()) {
            return rejected(notPending.get());
        }
        TransferRecord record = end(hold, HoldEndReason.VOIDED, TransferStatus.VOIDED, now);
        return new HoldCommands.Result(record, null);
    }

    @CommandHandler
    void handle(HoldCommands.ExpireHold command) {
        Locked hold = lock(command.transferId());
        TransferRecord record = hold.record();
        Instant now = clock.instant();
        if (record.status() == TransferStatus.PENDING && !now.isBefore(record.expiresAt())) {
            end(hold, HoldEndReason.EXPIRED, TransferStatus.EXPIRED, now);
        }
    }

    /** Why the hold cannot be posted or voided: it is not pending, or it is due and expires now. */
    private Optional<LedgerRejection> notPending(Locked hold, Instant now) {
        TransferRecord record = hold.record();
        String transferId = record.transferId();
        if (record.status() != TransferStatus.PENDING) {
            return Optional.of(new LedgerRejection(RejectionCode.TRANSFER_NOT_PENDING, "transfer '" + transferId
                    + "' is " + record.status() + ", not PENDING", Map.of("transferId", transferId,
                    "status", record.status().name())));
        }
        if (!now.isBefore(record.expiresAt())) {
            end(hold, HoldEndReason.EXPIRED, TransferStatus.EXPIRED, now);
            return Optional.of(new LedgerRejection(RejectionCode.TRANSFER_NOT_PENDING, "transfer '" + transferId
                    + "' expired at " + record.expiresAt(), Map.of("transferId", transferId,
                    "status", TransferStatus.EXPIRED.name())));
        }
        return Optional.empty();
    }

    private TransferRecord end(Locked hold, HoldEndReason reason, TransferStatus status, Instant now) {
        TransferRecord record = hold.record();
        long debitVersion = hold.debit().invoke(account -> account.releaseHold(record.transferId(), 0, reason, now));
        long creditVersion = hold.credit().invoke(Account::version);
        registry.endHold(record.transferId(), status, null);
        return new TransferRecord(record.instruction(), status, record.createdAt(), debitVersion, creditVersion,
                null, null, record.refundedMinor());
    }

    /**
     * Finds the transfer, locks its accounts, then reads the transfer again: what it says now
     * cannot change until this unit of work ends.
     */
    private Locked lock(String transferId) {
        TransferRecord seen = registry.find(transferId).orElseThrow(() -> transferNotFound(transferId));
        TransferInstruction instruction = seen.instruction();
        if (!instruction.isHold()) {
            throw new LedgerRejection(RejectionCode.TRANSFER_NOT_PENDING, "transfer '" + transferId
                    + "' was posted at once; only pending transfers can be posted or voided",
                    Map.of("transferId", transferId, "status", seen.status().name()));
        }
        Set<String> accountIds = new HashSet<>(List.of(instruction.debitAccountId(), instruction.creditAccountId()));
        accountIds.addAll(feeRoutes.revenueAccountsOf(List.of(instruction.creditAccountId())));
        Map<String, Aggregate<Account>> loaded = locks.loadInIdOrder(accountIds);
        feeRoutes.requireLocked(loaded, List.of(instruction.creditAccountId()));
        TransferRecord record = registry.find(transferId).orElseThrow();
        return new Locked(record, require(loaded, instruction.debitAccountId()),
                require(loaded, instruction.creditAccountId()), loaded);
    }

    private static Aggregate<Account> require(Map<String, Aggregate<Account>> loaded, String accountId) {
        Aggregate<Account> account = loaded.get(accountId);
        if (account == null) {
            throw new IllegalStateException("account " + accountId + " of a pending transfer does not exist");
        }
        return account;
    }

    static LedgerRejection transferNotFound(String transferId) {
        return new LedgerRejection(RejectionCode.TRANSFER_NOT_FOUND, "transfer '" + transferId + "' does not exist",
                Map.of("transferId", transferId));
    }

    private static HoldCommands.Result rejected(LedgerRejection rejection) {
        return new HoldCommands.Result(null, rejection);
    }

    private record Locked(TransferRecord record, Aggregate<Account> debit, Aggregate<Account> credit,
                          Map<String, Aggregate<Account>> loaded) {
    }
}
