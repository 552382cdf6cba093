package dev.microledger.ledger.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An account, event-sourced. Money moves only through {@link #debit} and {@link #credit}, which
 * the transfer handler calls on both accounts of a transfer inside one unit of work, after
 * asking both whether they can take part ({@link #refusalToSend}, {@link #refusalToReceive}).
 * The event-sourcing handlers check the same rules again, so a stream that breaks them cannot
 * be loaded. Its fields are its snapshot: Jackson writes them as they are.
 */
@Aggregate(cache = "accountCache", snapshotTriggerDefinition = "accountSnapshotTrigger",
        lockFactory = "accountLockFactory")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Account {

    @AggregateIdentifier
    private String accountId;
    private String currency;
    private AccountKind kind;
    private long creditLimitMinor;
    private AccountStatus status;
    private long balanceMinor;
    private long version = -1;
    private String metadataJson;
    private AccountLimits limits = AccountLimits.none();
    private AccountBudget budget;
    private SpendingWindows spending = new SpendingWindows();
    /** The pending holds on this account as payer, by transfer id. */
    private Map<String, Hold> holds = new HashMap<>();
    private long heldMinor;
    /** A MERCHANT's fee schedule, or null. */
    private FeeSchedule fees;
    /** A postpaid account's billing periods not billed yet, by start. */
    private TreeMap<Instant, BillingTally> tallies = new TreeMap<>();
    /** The end of the last billing period billed: the next one starts here at the earliest. */
    private Instant billedUntil;
    /** A postpaid account's bills not paid in full yet, by id. */
    private Map<String, Bill> bills = new LinkedHashMap<>();
    /** A MERCHANT's payout schedule, or null. */
    private PayoutSchedule payouts;
    /** A MERCHANT's money not settled yet, by minute (epoch seconds of its start). */
    private TreeMap<Long, SettlementBucket> unsettled = new TreeMap<>();

    /** A pending hold: what it reserves and when it was counted against the limits. */
    record Hold(long amountMinor, Instant placedAt) {
    }

    protected Account() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccountView handle(OpenAccountCommand command, Clock clock, BillingAccounts billing) {
        long creditLimit = command.kind().hasFloor() ? command.creditLimitMinor() : 0;
        if (accountId == null) {
            Instant now = clock.instant();
            apply(new AccountOpenedEvent(command.accountId(), command.currency(), command.kind(), creditLimit,
                    command.metadataJson(), now));
            if (isPostpaid()) {
                billing.schedule(accountId, nextBillingCloseAt(now));
            }
            return view(true);
        }
        boolean same = currency.equals(command.currency())
                && kind == command.kind()
                && creditLimitMinor == creditLimit
                && Objects.equals(metadataJson, command.metadataJson());
        if (!same) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                    "account '" + accountId + "' already exists with other fields",
                    Map.of("accountId", accountId));
        }
        return view(false);
    }

    @CommandHandler
    AccountView handle(ReadAccountCommand command) {
        return view(false);
    }

    @CommandHandler
    AccountView handle(ChangeAccountStatusCommand command, Clock clock) {
        AccountStatus target = command.status();
        if (status == target) {
            return view(false);
        }
        if (status == AccountStatus.CLOSED) {
            throw closed();
        }
        if (target == AccountStatus.CLOSED && (balanceMinor != 0 || heldMinor != 0)) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_BALANCE_NOT_ZERO, "account '" + accountId
                    + "' can be closed only with a zero balance and no pending holds; its balance is "
                    + balanceMinor + " minor units with " + holds.size() + " pending holds",
                    Map.of("accountId", accountId));
        }
        apply(new AccountStatusChangedEvent(accountId, target, clock.instant()));
        return view(false);
    }

    @CommandHandler
    AccountView handle(SetAccountLimitsCommand command, Clock clock) {
        refuseIfClosed();
        if (!limits.equals(command.limits())) {
            apply(new AccountLimitsSetEvent(accountId, currency, command.limits(), clock.instant()));
        }
        return view(false);
    }

    @CommandHandler
    AccountView handle(SetFeeScheduleCommand command, Clock clock) {
        refuseIfClosed();
        if (kind != AccountKind.MERCHANT) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "only a MERCHANT account has a fee schedule; '"
                    + accountId + "' is " + kind, Map.of("accountId", accountId, "kind", kind.name()));
        }
        if (!Objects.equals(fees, command.schedule())) {
            apply(new AccountFeesSetEvent(accountId, currency, command.schedule(), clock.instant()));
        }
        return view(false);
    }

    @CommandHandler
    AccountView handle(SetPayoutScheduleCommand command, Clock clock, PayoutSchedules schedules) {
        refuseIfClosed();
        if (kind != AccountKind.MERCHANT) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "only a MERCHANT account is paid out; '"
                    + accountId + "' is " + kind, Map.of("accountId", accountId, "kind", kind.name()));
        }
        if (!Objects.equals(payouts, command.schedule())) {
            Instant now = clock.instant();
            apply(new AccountPayoutsSetEvent(accountId, currency, command.schedule(), now));
            if (payouts == null) {
                schedules.remove(accountId);
            } else {
                schedules.schedule(accountId, payouts.nextCutoffAfter(now));
            }
        }
        return view(false);
    }

    @CommandHandler
    AccountView handle(SetAccountBudgetCommand command, Clock clock) {
        refuseIfClosed();
        if (!command.budget().equals(budget)) {
            apply(new AccountBudgetSetEvent(accountId, currency, command.budget(), clock.instant()));
        }
        return view(false);
    }

    /**
     * Why this account cannot make the payment {@code amount} at {@code at}: anything
     * {@link #refusalToSend} refuses, then its spending limits and the ledger-wide ones. Of the
     * amount limits that would be exceeded, the one with the least remaining is reported.
     */
    public Optional<LedgerRejection> refusalToPay(Money amount, Instant at, SpendingPolicy policy) {
        Optional<LedgerRejection> refusal = refusalToSend(amount);
        if (refusal.isPresent()) {
            return refusal;
        }
        for (Bill bill : bills.values()) {
            if (bill.overdueAt(at)) {
                return Optional.of(new LedgerRejection(RejectionCode.BILL_OVERDUE, "account '" + accountId
                        + "' has the bill '" + bill.billId() + "' unpaid since it was due at " + bill.dueAt()
                        + "; it can pay again once the bill is paid", Map.of("accountId", accountId,
                        "billId", bill.billId(), "dueAt", bill.dueAt().toString(),
                        "outstandingMinorUnits", bill.outstandingMinor())));
            }
        }
        long amountMinor = amount.amountMinor();
        LimitBreach breach = null;
        if (limits.perTransferMinor() != null && amountMinor > limits.perTransferMinor()) {
            breach = LimitBreach.lower(breach, new LimitBreach("perTransfer", "account", limits.perTransferMinor()));
        }
        if (limits.dailyMinor() != null) {
            breach = LimitBreach.lower(breach, LimitBreach.of("daily", "account", limits.dailyMinor(),
                    spending.spentOnDayOf(at), amountMinor));
        }
        if (limits.monthlyMinor() != null) {
            breach = LimitBreach.lower(breach, LimitBreach.of("monthly", "account", limits.monthlyMinor(),
                    spending.spentInMonthOf(at), amountMinor));
        }
        if (kind == AccountKind.USER) {
            OptionalLong cap = policy.systemMonthlyCapMinor(currency);
            if (cap.isPresent()) {
                breach = LimitBreach.lower(breach, LimitBreach.of("monthly", "system", cap.getAsLong(),
                        spending.spentInMonthOf(at), amountMinor));
            }
        }
        if (breach != null) {
            return Optional.of(limitExceeded(breach.limit(), breach.layer(), policy.format(breach.remainingMinor(),
                    currency)));
        }
        if (limits.perMinuteCount() != null) {
            int made = spending.paymentsInMinuteBefore(at);
            if (made >= limits.perMinuteCount()) {
                return Optional.of(limitExceeded("perMinuteCount", "account", "0"));
            }
        }
        return Optional.empty();
    }

    /** Why this account cannot reserve {@code amount} in a new hold at {@code at}, or empty if it can. */
    public Optional<LedgerRejection> refusalToHold(Money amount, Instant at, SpendingPolicy policy) {
        Optional<LedgerRejection> refusal = refusalToPay(amount, at, policy);
        if (refusal.isEmpty() && holds.size() >= policy.pendingHoldsMax()) {
            refusal = Optional.of(limitExceeded("pendingHolds", "system", "0"));
        }
        return refusal;
    }

    /** Why a hold of this account cannot be posted now (a frozen or closed account), or empty. */
    public Optional<LedgerRejection> refusalToPostHold() {
        return refusalOfStatus();
    }

    /** Why this account cannot pay {@code amount} now, or empty if it can. */
    public Optional<LedgerRejection> refusalToSend(Money amount) {
        Optional<LedgerRejection> common = refusalToTakePart(amount);
        if (common.isPresent()) {
            return common;
        }
        long after;
        long availableAfter;
        try {
            after = Math.subtractExact(balanceMinor, amount.amountMinor());
            availableAfter = Math.subtractExact(after, heldMinor);
        } catch (ArithmeticException overflow) {
            return Optional.of(overflow());
        }
        if (kind.hasFloor() && availableAfter < -creditLimitMinor) {
            return Optional.of(new LedgerRejection(RejectionCode.INSUFFICIENT_FUNDS,
                    "account '" + accountId + "' has insufficient funds for this transfer",
                    Map.of("accountId", accountId)));
        }
        return Optional.empty();
    }

    /** Why this account cannot receive {@code amount} now, or empty if it can. */
    public Optional<LedgerRejection> refusalToReceive(Money amount) {
        Optional<LedgerRejection> common = refusalToTakePart(amount);
        if (common.isPresent()) {
            return common;
        }
        try {
            Math.addExact(balanceMinor, amount.amountMinor());
        } catch (ArithmeticException overflow) {
            return Optional.of(overflow());
        }
        return Optional.empty();
    }

    /** Applies the debit side of a transfer; returns the account's version after it. */
    public long debit(Posting posting) {
        refusalToSend(posting.amount()).ifPresent(rejection -> {
            throw rejection;
        });
        long after = Math.subtractExact(balanceMinor, posting.amount().amountMinor());
        apply(new AccountDebitedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), posting.description(), after,
                posting.occurredAt(), posting.kind(), posting.refundOf()), posting.callerMetaData());
        return version;
    }

    /** Applies the credit side of a transfer; returns the account's version after it. */
    public long credit(Posting posting) {
        refusalToReceive(posting.amount()).ifPresent(rejection -> {
            throw rejection;
        });
        long after = Math.addExact(balanceMinor, posting.amount().amountMinor());
        apply(new AccountCreditedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), posting.description(), after,
                posting.occurredAt(), posting.kind(), posting.refundOf()), posting.callerMetaData());
        return version;
    }

    /**
     * Records that the payment {@code posting} was refused with {@code rejection}; the balance
     * stays as it is. Returns the account's version after it.
     */
    public long decline(Posting posting, LedgerRejection rejection) {
        Object limit = rejection.properties().get("limit");
        Object layer = rejection.properties().get("layer");
        apply(new PaymentDeclinedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), rejection.code().code(),
                limit == null ? null : limit.toString(), layer == null ? null : layer.toString(),
                posting.occurredAt()), posting.callerMetaData());
        return version;
    }

    /** Reserves the amount of {@code posting} until {@code expiresAt}; returns the version after it. */
    public long placeHold(Posting posting, Instant expiresAt) {
        refusalToSend(posting.amount()).ifPresent(rejection -> {
            throw rejection;
        });
        apply(new HoldPlacedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), posting.description(), expiresAt,
                posting.occurredAt()), posting.callerMetaData());
        return version;
    }

    /**
     * Ends the hold of {@code transferId}. When it is posted, {@code postedMinor} of it is about to
     * be debited; the rest is released and given back to the spending limits.
     */
    public long releaseHold(String transferId, long postedMinor, HoldEndReason reason, Instant at) {
        Hold hold = holds.get(transferId);
        if (hold == null) {
            throw new IllegalStateException("account " + accountId + " has no pending hold for transfer " + transferId);
        }
        if (postedMinor < 0 || postedMinor > hold.amountMinor()) {
            throw new IllegalArgumentException("cannot post " + postedMinor + " of a hold of " + hold.amountMinor());
        }
        apply(new HoldReleasedEvent(accountId, transferId, hold.amountMinor(), postedMinor, currency, reason, at));
        return version;
    }

    /** The fee schedule of this MERCHANT account, or null without one. */
    public FeeSchedule feeSchedule() {
        return fees;
    }

    /** The payout schedule of this MERCHANT account, or null without one. */
    public PayoutSchedule payoutSchedule() {
        return payouts;
    }

    /** Whether this account is billed per period: a USER account that may go below zero. */
    public boolean isPostpaid() {
        return kind == AccountKind.USER && creditLimitMinor > 0;
    }

    public boolean isMerchant() {
        return kind == AccountKind.MERCHANT;
    }

    /** The bill {@code billId} of this account while it is not paid in full, or null. */
    public Bill openBill(String billId) {
        return bills.get(billId);
    }

    /**
     * Closes the billing periods that have ended by {@code now} (all of them, the current one
     * too, ended now, when {@code closeCurrent}) and issues their bills, each due
     * {@code dueAfter} after its period's end. A period without entries issues none. Returns the
     * bills issued, oldest first.
     */
    public List<BillIssuedEvent> closeBillingPeriods(Instant now, boolean closeCurrent, Duration dueAfter) {
        if (!isPostpaid()) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_NOT_POSTPAID, "account '" + accountId
                    + "' is not postpaid: only a USER account with a credit limit is billed",
                    Map.of("accountId", accountId));
        }
        List<BillIssuedEvent> issued = new ArrayList<>();
        for (BillingTally tally : new ArrayList<>(tallies.values())) {
            Instant end = tally.end();
            if (end.isAfter(now)) {
                if (!closeCurrent) {
                    break;
                }
                end = now.isAfter(tally.start()) ? now : tally.start().plusNanos(1000);
            }
            BillIssuedEvent bill = new BillIssuedEvent(accountId, currency, billId(accountId, tally.start()),
                    tally.start(), end, tally.amountDueMinor(), end.plus(dueAfter), tally.firstSequence(),
                    tally.lastSequence(), tally.lines(), now);
            apply(bill);
            issued.add(bill);
        }
        return issued;
    }

    /** When the earliest open billing period ends, or when the current month ends without one. */
    public Instant nextBillingCloseAt(Instant now) {
        if (!tallies.isEmpty()) {
            return tallies.firstEntry().getValue().end();
        }
        return periodAround(now)[1];
    }

    /**
     * Records a payment of {@code amountMinor} towards the bill (its money arrived in the credit
     * entry applied just before); returns the bill after it.
     */
    public Bill recordBillPayment(String billId, String paymentId, long amountMinor, Instant at) {
        Bill bill = bills.get(billId);
        if (bill == null || amountMinor > bill.outstandingMinor()) {
            throw new IllegalStateException("payment " + paymentId + " does not fit bill " + billId);
        }
        Bill after = bill.plus(amountMinor);
        apply(new BillPaidEvent(accountId, currency, billId, paymentId, amountMinor, after.amountPaidMinor(),
                after.amountDueMinor(), at));
        return after;
    }

    /** What a settlement up to {@code cutoff} would pay out now, or null when nothing is due. */
    public SettlementDue settlementDue(Instant cutoff) {
        long count = 0;
        long gross = 0;
        long fees = 0;
        long refunds = 0;
        boolean any = false;
        for (SettlementBucket bucket : unsettled.values()) {
            if (bucket.lastAt.isAfter(cutoff)) {
                continue;
            }
            any = true;
            count += bucket.count;
            gross = Math.addExact(gross, bucket.grossMinor);
            fees = Math.addExact(fees, bucket.feesMinor);
            refunds = Math.addExact(refunds, bucket.refundsMinor);
        }
        long net = Math.min(gross - fees - refunds, balanceMinor - heldMinor);
        long minimum = payouts == null ? 0 : payouts.minimumMinor();
        return any && net > 0 && net >= minimum ? new SettlementDue(count, gross, fees, refunds, net) : null;
    }

    /** What a settlement covers and pays out; {@code netMinor} is what moves. */
    public record SettlementDue(long count, long grossMinor, long feesMinor, long refundsMinor, long netMinor) {
    }

    /** Records the settlement whose payout debit was applied just before. */
    public void recordSettlement(String settlementId, Instant cutoff, SettlementDue due, String payoutAccountId,
                                 Instant at) {
        apply(new SettlementMadeEvent(accountId, currency, settlementId, cutoff, due.count(), due.grossMinor(),
                due.feesMinor(), due.refundsMinor(), due.netMinor(), payoutAccountId, at));
    }

    /** The id of the bill of the period starting at {@code periodStart}: the same for every retry. */
    static String billId(String accountId, Instant periodStart) {
        return "bill-" + digest(accountId + "|" + periodStart);
    }

    /** A short stable digest of {@code text}: 24 hex digits, for ids the ledger makes. */
    public static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String accountId() {
        return accountId;
    }

    public String currency() {
        return currency;
    }

    /** Whether this is a SYSTEM account, which only the treasury role may debit. */
    public boolean isSystem() {
        return kind == AccountKind.SYSTEM;
    }

    public long version() {
        return version;
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event, @SequenceNumber long sequence) {
        accountId = event.accountId();
        currency = event.currency();
        kind = event.kind();
        creditLimitMinor = event.creditLimitMinor();
        metadataJson = event.metadataJson();
        status = AccountStatus.OPEN;
        balanceMinor = 0;
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountDebitedEvent event, @SequenceNumber long sequence) {
        long after = Math.subtractExact(balanceMinor, event.amountMinor());
        checkApplied(after, event.balanceAfterMinor(), event.transferId());
        if (kind.hasFloor() && after < -creditLimitMinor) {
            throw new IllegalStateException("debit of transfer " + event.transferId() + " takes account "
                    + accountId + " below its floor");
        }
        balanceMinor = after;
        version = sequence;
        if (event.kind() == EntryKind.PAYMENT) {
            spending.add(event.amountMinor(), event.occurredAt(), recentPaymentsKept());
        }
        boolean payment = event.kind() == EntryKind.PAYMENT || event.kind() == EntryKind.HOLD_CAPTURE;
        if (payment && isPostpaid()) {
            tallyAt(event.occurredAt()).add(event.counterpartyAccountId(), event.category(), 1, event.amountMinor(),
                    sequence);
        }
        if (kind == AccountKind.MERCHANT) {
            if (event.kind() == EntryKind.FEE) {
                SettlementBucket bucket = bucketAt(event.occurredAt());
                bucket.feesMinor = Math.addExact(bucket.feesMinor, event.amountMinor());
            } else if (event.kind() == EntryKind.REFUND) {
                SettlementBucket bucket = bucketAt(event.occurredAt());
                bucket.refundsMinor = Math.addExact(bucket.refundsMinor, event.amountMinor());
            }
        }
    }

    @EventSourcingHandler
    void on(AccountCreditedEvent event, @SequenceNumber long sequence) {
        long after = Math.addExact(balanceMinor, event.amountMinor());
        checkApplied(after, event.balanceAfterMinor(), event.transferId());
        balanceMinor = after;
        version = sequence;
        if (event.kind() == EntryKind.REFUND && isPostpaid()) {
            tallyAt(event.occurredAt()).add(event.counterpartyAccountId(), event.category(), 0, -event.amountMinor(),
                    sequence);
        }
        if (kind == AccountKind.MERCHANT) {
            if (event.kind() == EntryKind.PAYMENT || event.kind() == EntryKind.HOLD_CAPTURE) {
                SettlementBucket bucket = bucketAt(event.occurredAt());
                bucket.count++;
                bucket.grossMinor = Math.addExact(bucket.grossMinor, event.amountMinor());
            } else if (event.kind() == EntryKind.FEE) {
                // The part of a fee a refund gave back.
                SettlementBucket bucket = bucketAt(event.occurredAt());
                bucket.feesMinor = Math.subtractExact(bucket.feesMinor, event.amountMinor());
            }
        }
    }

    @EventSourcingHandler
    void on(AccountFeesSetEvent event, @SequenceNumber long sequence) {
        fees = event.schedule();
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountPayoutsSetEvent event, @SequenceNumber long sequence) {
        payouts = event.schedule();
        version = sequence;
    }

    @EventSourcingHandler
    void on(BillIssuedEvent event, @SequenceNumber long sequence) {
        tallies.remove(event.periodStart());
        if (billedUntil == null || event.periodEnd().isAfter(billedUntil)) {
            billedUntil = event.periodEnd();
        }
        if (event.amountDueMinor() > 0) {
            bills.put(event.billId(), new Bill(event.billId(), event.periodStart(), event.periodEnd(),
                    event.amountDueMinor(), 0, event.dueAt()));
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(BillPaidEvent event, @SequenceNumber long sequence) {
        Bill bill = bills.get(event.billId());
        if (bill == null) {
            throw new IllegalStateException("account " + accountId + ": payment of bill " + event.billId()
                    + " that is not open");
        }
        Bill after = bill.plus(event.amountMinor());
        if (after.paid()) {
            bills.remove(event.billId());
        } else {
            bills.put(event.billId(), after);
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(SettlementMadeEvent event, @SequenceNumber long sequence) {
        unsettled.values().removeIf(bucket -> !bucket.lastAt.isAfter(event.cutoff()));
        version = sequence;
    }

    /** The billing period an entry at {@code at} belongs to: its calendar month, from the last bill's end on. */
    private BillingTally tallyAt(Instant at) {
        Instant[] period = periodAround(at);
        return tallies.computeIfAbsent(period[0], start -> new BillingTally(start, period[1]));
    }

    /** The start and end of the billing period around {@code at} in the account's time zone. */
    private Instant[] periodAround(Instant at) {
        Instant from = billedUntil != null && at.isBefore(billedUntil) ? billedUntil : at;
        ZoneId zone = ZoneId.of(limits.timezone());
        LocalDate month = LocalDate.ofInstant(from, zone).withDayOfMonth(1);
        Instant monthStart = month.atStartOfDay(zone).toInstant();
        Instant start = billedUntil != null && billedUntil.isAfter(monthStart) ? billedUntil : monthStart;
        return new Instant[] {start, month.plusMonths(1).atStartOfDay(zone).toInstant()};
    }

    private SettlementBucket bucketAt(Instant at) {
        SettlementBucket bucket = unsettled.computeIfAbsent(Math.floorDiv(at.getEpochSecond(), 60) * 60,
                ignored -> new SettlementBucket());
        bucket.touch(at);
        return bucket;
    }

    @EventSourcingHandler
    void on(AccountStatusChangedEvent event, @SequenceNumber long sequence) {
        status = event.status();
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountLimitsSetEvent event, @SequenceNumber long sequence) {
        limits = event.limits();
        spending.rezone(limits.timezone(), event.occurredAt(), recentPaymentsKept());
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountBudgetSetEvent event, @SequenceNumber long sequence) {
        budget = event.budget();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(HoldPlacedEvent event, @SequenceNumber long sequence) {
        holds.put(event.transferId(), new Hold(event.amountMinor(), event.occurredAt()));
        heldMinor = Math.addExact(heldMinor, event.amountMinor());
        spending.add(event.amountMinor(), event.occurredAt(), recentPaymentsKept());
        version = sequence;
    }

    @EventSourcingHandler
    void on(HoldReleasedEvent event, @SequenceNumber long sequence) {
        Hold hold = holds.remove(event.transferId());
        if (hold == null || hold.amountMinor() != event.amountMinor()) {
            throw new IllegalStateException("account " + accountId + ": release of hold " + event.transferId()
                    + " does not match a pending hold");
        }
        heldMinor = Math.subtractExact(heldMinor, hold.amountMinor());
        spending.giveBack(hold.amountMinor() - event.postedMinor(), hold.placedAt());
        version = sequence;
    }

    private int recentPaymentsKept() {
        return limits.perMinuteCount() == null ? 0 : limits.perMinuteCount();
    }

    private void checkApplied(long computed, long recorded, String transferId) {
        if (computed != recorded) {
            throw new IllegalStateException("account " + accountId + ": transfer " + transferId + " records balance "
                    + recorded + " but the stream gives " + computed);
        }
    }

    private Optional<LedgerRejection> refusalToTakePart(Money amount) {
        if (!currency.equals(amount.currency())) {
            return Optional.of(new LedgerRejection(RejectionCode.CURRENCY_MISMATCH,
                    "account '" + accountId + "' holds " + currency + ", not " + amount.currency(),
                    Map.of("accountId", accountId)));
        }
        return refusalOfStatus();
    }

    private Optional<LedgerRejection> refusalOfStatus() {
        if (status == AccountStatus.FROZEN) {
            return Optional.of(new LedgerRejection(RejectionCode.ACCOUNT_FROZEN,
                    "account '" + accountId + "' is frozen", Map.of("accountId", accountId)));
        }
        if (status == AccountStatus.CLOSED) {
            return Optional.of(closed());
        }
        return Optional.empty();
    }

    private void refuseIfClosed() {
        if (status == AccountStatus.CLOSED) {
            throw closed();
        }
    }

    private LedgerRejection closed() {
        return new LedgerRejection(RejectionCode.ACCOUNT_CLOSED, "account '" + accountId + "' is closed",
                Map.of("accountId", accountId));
    }

    private LedgerRejection limitExceeded(String limit, String layer, String remaining) {
        String owner = layer.equals("system") ? "the ledger-wide " : "the account's ";
        return new LedgerRejection(RejectionCode.LIMIT_EXCEEDED, "the payment would exceed " + owner + limit
                + " limit of account '" + accountId + "'; remaining: " + remaining,
                Map.of("accountId", accountId, "limit", limit, "layer", layer, "remaining", remaining));
    }

    /** An amount limit a payment would exceed, with what is left of it. */
    private record LimitBreach(String limit, String layer, long remainingMinor) {

        static LimitBreach of(String limit, String layer, long valueMinor, long usedMinor, long amountMinor) {
            long remaining = Math.max(0, valueMinor - usedMinor);
            return amountMinor > remaining ? new LimitBreach(limit, layer, remaining) : null;
        }

        /** The binding one of two breaches: the lower remaining; the earlier (narrower) one on a tie. */
        static LimitBreach lower(LimitBreach current, LimitBreach candidate) {
            if (candidate == null) {
                return current;
            }
            if (current == null || candidate.remainingMinor() < current.remainingMinor()) {
                return candidate;
            }
            return current;
        }
    }

    private LedgerRejection overflow() {
        return new LedgerRejection(RejectionCode.BALANCE_OVERFLOW,
                "the transfer would take the balance of account '" + accountId + "' beyond what the ledger can hold",
                Map.of("accountId", accountId));
    }

    private AccountView view(boolean created) {
        return new AccountView(accountId, currency, kind, creditLimitMinor, status, version, metadataJson, created,
                limits, budget, balanceMinor, heldMinor, fees, payouts);
    }
}
