package dev.microledger.events;

/**
 * The {@code data} of a ledger event. Every event belongs to one account's stream and carries
 * its position in that stream, so a consumer can apply each account's events exactly once and
 * in order.
 */
public sealed interface LedgerEventData permits AccountOpened, AccountEntry, AccountStatusChanged,
        AccountLimitsSet, AccountBudgetSet, PaymentDeclined, HoldPlaced, HoldReleased, AccountFeesSet, AccountPayoutsSet, BillIssued, BillPaid, SettlementMade,
        UnrecognizedEvent {

    /** The account whose stream holds the event; also the Kafka record key. */
    String accountId();

    /** The event's position in its account's stream, starting at 0; the account's version after it. */
    long sequence();
}
