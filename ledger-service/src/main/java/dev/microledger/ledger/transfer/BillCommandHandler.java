package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.Bill;
import dev.microledger.ledger.account.BillIssuedEvent;
import dev.microledger.ledger.account.BillingAccounts;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Closes billing periods of postpaid accounts (issuing their bills) and takes payments towards
 * bills. A bill payment is a transfer from a funding account to the billed account, registered
 * under the payment's id like any transfer, so a retry answers as before and the id names exactly
 * one movement of money.
 */
@Component
class BillCommandHandler {

    /** The category of a bill payment's entries. */
    static final String CATEGORY = "bill-payment";

    /** Closes the account's ended billing periods; with {@code closeCurrent}, the open one too. */
    record CloseBillingPeriods(String accountId, boolean closeCurrent) {
    }

    /** The bills a close issued, oldest first, and the account's version after it. */
    record Closed(List<BillIssuedEvent> issued, long version) {
    }

    /** Pays {@code amountMinor} (null: all that is outstanding) of the bill from {@code debitAccountId}. */
    record PayBill(String billId, String paymentId, String debitAccountId, Long amountMinor) {
    }

    /** The bill after a payment (now or, for a retry, earlier), or why the payment was refused. */
    record PaymentResult(BillRegistry.BillRecord bill, long amountPaidMinor, boolean replayed,
                         Map<String, Long> versions, LedgerRejection rejection) {
    }

    private final AccountLocks locks;
    private final BillRegistry bills;
    private final BillingAccounts billing;
    private final TransferRegistry transfers;
    private final RefundRegistry refunds;
    private final Clock clock;
    private final Duration dueAfter;

    BillCommandHandler(AccountLocks locks, BillRegistry bills, BillingAccounts billing, TransferRegistry transfers,
                       RefundRegistry refunds, Clock clock, @Value("${ledger.billing.due-days:14}") int dueDays) {
        if (dueDays < 0 || dueDays > 366) {
            throw new IllegalArgumentException("ledger.billing.due-days must be from 0 to 366");
        }
        this.locks = locks;
        this.bills = bills;
        this.billing = billing;
        this.transfers = transfers;
        this.refunds = refunds;
        this.clock = clock;
        this.dueAfter = Duration.ofDays(dueDays);
    }

    @CommandHandler
    Closed handle(CloseBillingPeriods command) {
        Aggregate<Account> account = locks.loadInIdOrder(List.of(command.accountId())).get(command.accountId());
        if (account == null) {
            throw LedgerRejection.accountNotFound(command.accountId());
        }
        Instant now = clock.instant();
        List<BillIssuedEvent> issued = account.invoke(a -> a.closeBillingPeriods(now, command.closeCurrent(), dueAfter));
        issued.forEach(bills::insert);
        billing.schedule(command.accountId(), account.invoke(a -> a.nextBillingCloseAt(now)));
        return new Closed(issued, account.invoke(Account::version));
    }

    @CommandHandler
    PaymentResult handle(PayBill command) {
        BillRegistry.BillRecord bill = bills.find(command.billId()).orElseThrow(() -> new LedgerRejection(
                RejectionCode.BILL_NOT_FOUND, "there is no bill '" + command.billId() + "'",
                Map.of("billId", command.billId())));
        String accountId = bill.accountId();
        String description = "bill " + bill.billId();
        if (command.debitAccountId().equals(accountId)) {
            return rejected(new LedgerRejection(RejectionCode.ACCOUNTS_MUST_BE_DIFFERENT, "a bill is paid from "
                    + "another account than the one billed"));
        }
        Map<String, Aggregate<Account>> loaded = locks.loadInIdOrder(List.of(accountId, command.debitAccountId()));
        Aggregate<Account> billed = loaded.get(accountId);
        Aggregate<Account> payer = loaded.get(command.debitAccountId());
        if (payer == null) {
            return rejected(LedgerRejection.accountNotFound(command.debitAccountId()));
        }
        Optional<TransferRecord> known = transfers.find(command.paymentId());
        if (known.isPresent()) {
            TransferInstruction earlier = known.get().instruction();
            boolean same = earlier.debitAccountId().equals(command.debitAccountId())
                    && earlier.creditAccountId().equals(accountId) && description.equals(earlier.description())
                    && (command.amountMinor() == null || command.amountMinor() == earlier.amount().amountMinor());
            if (!same) {
                return rejected(new LedgerRejection(RejectionCode.TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "'"
                        + command.paymentId() + "' already names another transfer or payment",
                        Map.of("paymentId", command.paymentId())));
            }
            return new PaymentResult(bill, paidOf(billed, bill), true, known.get().versions(), null);
        }
        if (!refunds.refundIdsAmong(List.of(command.paymentId())).isEmpty()) {
            return rejected(new LedgerRejection(RejectionCode.TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "'"
                    + command.paymentId() + "' already names a refund", Map.of("paymentId", command.paymentId())));
        }
        Bill open = billed.invoke(a -> a.openBill(bill.billId()));
        long outstanding = open == null ? 0 : open.outstandingMinor();
        long amountMinor = command.amountMinor() == null ? outstanding : command.amountMinor();
        if (amountMinor <= 0 || amountMinor > outstanding) {
            return rejected(new LedgerRejection(RejectionCode.PAYMENT_EXCEEDS_BILL, "bill '" + bill.billId()
                    + "' has " + outstanding + " minor units outstanding; the payment is more than that",
                    Map.of("billId", bill.billId(), "outstandingMinorUnits", outstanding)));
        }
        Money amount = new Money(amountMinor, bill.currency());
        Optional<LedgerRejection> refusal = payer.invoke(a -> a.refusalToSend(amount));
        if (refusal.isEmpty()) {
            refusal = billed.invoke(a -> a.refusalToReceive(amount));
        }
        if (refusal.isPresent()) {
            return rejected(refusal.get());
        }
        Instant now = clock.instant();
        long payerVersion = payer.invoke(a -> a.debit(new Posting(command.paymentId(), accountId, amount, CATEGORY,
                description, now, EntryKind.BILL_PAYMENT, null)));
        billed.invoke(a -> a.credit(new Posting(command.paymentId(), command.debitAccountId(), amount, CATEGORY,
                description, now, EntryKind.BILL_PAYMENT, null)));
        Bill after = billed.invoke(a -> a.recordBillPayment(bill.billId(), command.paymentId(), amountMinor, now));
        long billedVersion = billed.invoke(Account::version);
        TransferRecord record = new TransferRecord(new TransferInstruction(command.paymentId(), command.debitAccountId(),
                accountId, amount, CATEGORY, description, "{}", null, TransferInstruction.Caller.LEDGER),
                TransferStatus.POSTED, now, payerVersion, billedVersion);
        transfers.insertAll(List.of(record));
        return new PaymentResult(bill, after.amountPaidMinor(), false, record.versions(), null);
    }

    private static long paidOf(Aggregate<Account> billed, BillRegistry.BillRecord bill) {
        Bill open = billed.invoke(a -> a.openBill(bill.billId()));
        return open == null ? bill.amountDueMinor() : open.amountPaidMinor();
    }

    private static PaymentResult rejected(LedgerRejection rejection) {
        return new PaymentResult(null, 0, false, null, rejection);
    }
}
