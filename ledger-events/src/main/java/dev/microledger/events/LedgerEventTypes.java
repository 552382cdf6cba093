package dev.microledger.events;

/** The CloudEvents {@code type} values of the ledger's events. */
public final class LedgerEventTypes {

    public static final String ACCOUNT_OPENED = "ledger.account.opened.v1";
    public static final String ACCOUNT_DEBITED = "ledger.account.debited.v1";
    public static final String ACCOUNT_CREDITED = "ledger.account.credited.v1";
    public static final String ACCOUNT_STATUS_CHANGED = "ledger.account.status-changed.v1";
    public static final String ACCOUNT_LIMITS_SET = "ledger.account.limits-set.v1";
    public static final String ACCOUNT_BUDGET_SET = "ledger.account.budget-set.v1";
    public static final String PAYMENT_DECLINED = "ledger.account.payment-declined.v1";
    public static final String HOLD_PLACED = "ledger.account.hold-placed.v1";
    public static final String HOLD_RELEASED = "ledger.account.hold-released.v1";
    public static final String FEES_SET = "ledger.account.fees-set.v1";
    public static final String PAYOUTS_SET = "ledger.account.payouts-set.v1";
    public static final String BILL_ISSUED = "ledger.account.bill-issued.v1";
    public static final String BILL_PAID = "ledger.account.bill-paid.v1";
    public static final String SETTLEMENT_MADE = "ledger.account.settlement-made.v1";

    private LedgerEventTypes() {
    }

    /** The type of an entry event follows from its direction. */
    public static String ofEntry(AccountEntry.Direction direction) {
        return direction == AccountEntry.Direction.DEBIT ? ACCOUNT_DEBITED : ACCOUNT_CREDITED;
    }
}
