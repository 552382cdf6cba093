package dev.microledger.events;

/** The CloudEvents {@code type} values of the ledger's events. */
public final class LedgerEventTypes {

    public static final String ACCOUNT_OPENED = "ledger.account.opened.v1";
    public static final String ACCOUNT_DEBITED = "ledger.account.debited.v1";
    public static final String ACCOUNT_CREDITED = "ledger.account.credited.v1";

    private LedgerEventTypes() {
    }

    /** The type of an entry event follows from its direction. */
    public static String ofEntry(AccountEntry.Direction direction) {
        return direction == AccountEntry.Direction.DEBIT ? ACCOUNT_DEBITED : ACCOUNT_CREDITED;
    }
}
