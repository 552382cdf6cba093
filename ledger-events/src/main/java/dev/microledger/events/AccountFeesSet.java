package dev.microledger.events;

/**
 * The merchant's fee schedule, replacing the previous one; it binds from the account's next
 * payment. {@code rate} is a fraction (0.05 is 5 %), the other parts are amounts in the
 * account's currency; {@code maximum} is null without one. All fields but the account's are null
 * when the schedule was removed. How a fee follows from a schedule: {@link FeeRule}.
 */
public record AccountFeesSet(
        String accountId,
        long sequence,
        String rate,
        String fixed,
        String minimum,
        String maximum,
        String revenueAccountId) implements LedgerEventData {

    /** Whether this event removes the schedule. */
    public boolean removed() {
        return revenueAccountId == null;
    }
}
