package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.PayoutSchedule;
import dev.microledger.ledger.account.PayoutSchedules;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pays a merchant out: what it received up to a cutoff and has not been settled, less fees and
 * refunds, moves in one transfer to a SYSTEM payout account and is recorded as a settlement. The
 * merchant's account keeps what is unsettled by minute, so a payment is settled by exactly one
 * settlement: the first whose cutoff is at or after the last movement of its minute. A payment
 * that arrives after a cutoff waits for the next settlement; none is settled twice.
 */
@Component
class SettlementCommandHandler {

    /** The category of a settlement's entries. */
    static final String CATEGORY = "settlement";

    /** Settles the merchant up to {@code cutoff}; null: now. */
    record Settle(String merchantAccountId, String payoutAccountId, Instant cutoff) {
    }

    /** The merchant's scheduled payout: up to its schedule's last cutoff, to its payout account. */
    record SettleScheduled(String merchantAccountId) {
    }

    /** A settlement made, or none (nothing due), or why it was refused. */
    record Result(String settlementId, Instant cutoff, Account.SettlementDue due, String currency, Instant createdAt,
                  Map<String, Long> versions, LedgerRejection rejection) {
    }

    private final AccountLocks locks;
    private final PayoutSchedules schedules;
    private final Clock clock;

    SettlementCommandHandler(AccountLocks locks, PayoutSchedules schedules, Clock clock) {
        this.locks = locks;
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * Runs a due scheduled payout and books the next one; a merchant whose schedule was removed
     * meanwhile is taken off the list. Below the minimum, the money waits for the next run.
     */
    @CommandHandler
    Result handle(SettleScheduled command) {
        Aggregate<Account> merchant = locks.loadInIdOrder(List.of(command.merchantAccountId()))
                .get(command.merchantAccountId());
        PayoutSchedule schedule = merchant == null ? null : merchant.invoke(Account::payoutSchedule);
        if (schedule == null) {
            schedules.remove(command.merchantAccountId());
            return new Result(null, null, null, null, null, null, null);
        }
        Instant now = clock.instant();
        Result result = handle(new Settle(command.merchantAccountId(), schedule.payoutAccountId(),
                schedule.lastCutoffAtOrBefore(now)));
        schedules.schedule(command.merchantAccountId(), schedule.nextCutoffAfter(now));
        return result;
    }

    @CommandHandler
    Result handle(Settle command) {
        Instant now = clock.instant();
        Instant cutoff = command.cutoff() == null ? now : command.cutoff();
        if (cutoff.isAfter(now)) {
            return rejected(LedgerRejection.invalid("cutoff must not be in the future: a settlement covers what has "
                    + "happened"));
        }
        if (command.merchantAccountId().equals(command.payoutAccountId())) {
            return rejected(new LedgerRejection(RejectionCode.ACCOUNTS_MUST_BE_DIFFERENT,
                    "a merchant is paid out to another account"));
        }
        Map<String, Aggregate<Account>> loaded = locks.loadInIdOrder(
                List.of(command.merchantAccountId(), command.payoutAccountId()));
        Aggregate<Account> merchant = loaded.get(command.merchantAccountId());
        Aggregate<Account> payout = loaded.get(command.payoutAccountId());
        if (merchant == null) {
            return rejected(LedgerRejection.accountNotFound(command.merchantAccountId()));
        }
        if (payout == null) {
            return rejected(LedgerRejection.accountNotFound(command.payoutAccountId()));
        }
        if (!merchant.invoke(Account::isMerchant)) {
            return rejected(new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "only a MERCHANT account is "
                    + "settled; '" + command.merchantAccountId() + "' is not one",
                    Map.of("accountId", command.merchantAccountId())));
        }
        if (!payout.invoke(Account::isSystem)) {
            return rejected(new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "the payout account '"
                    + command.payoutAccountId() + "' must be a SYSTEM account",
                    Map.of("accountId", command.payoutAccountId())));
        }
        String currency = merchant.invoke(Account::currency);
        Account.SettlementDue due = merchant.invoke(account -> account.settlementDue(cutoff));
        if (due == null) {
            return new Result(null, cutoff, null, currency, now, null, null);
        }
        Money net = new Money(due.netMinor(), currency);
        Optional<LedgerRejection> refusal = merchant.invoke(account -> account.refusalToSend(net));
        if (refusal.isEmpty()) {
            refusal = payout.invoke(account -> account.refusalToReceive(net));
        }
        if (refusal.isPresent()) {
            return rejected(refusal.get());
        }
        String settlementId = "stl-" + Account.digest(command.merchantAccountId() + "|" + cutoff + "|"
                + merchant.invoke(Account::version));
        long merchantVersion = merchant.invoke(account -> account.debit(new Posting(settlementId,
                command.payoutAccountId(), net, CATEGORY, null, now, EntryKind.SETTLEMENT, null)));
        long payoutVersion = payout.invoke(account -> account.credit(new Posting(settlementId,
                command.merchantAccountId(), net, CATEGORY, null, now, EntryKind.SETTLEMENT, null)));
        merchant.invoke(account -> {
            account.recordSettlement(settlementId, cutoff, due, command.payoutAccountId(), now);
            return null;
        });
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put(command.merchantAccountId(), merchant.invoke(Account::version));
        versions.put(command.payoutAccountId(), payoutVersion);
        return new Result(settlementId, cutoff, due, currency, now, versions, null);
    }

    private static Result rejected(LedgerRejection rejection) {
        return new Result(null, null, null, null, null, null, rejection);
    }
}
