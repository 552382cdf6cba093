package dev.microledger.events;

/**
 * The merchant's payout schedule, replacing the previous one: paid out {@code DAILY},
 * {@code WEEKLY} (Mondays) or {@code MONTHLY} (the 1st) at midnight in {@code timezone}, to
 * {@code payoutAccountId}, when at least {@code minimum}. All fields but the account's are null
 * when the schedule was removed.
 */
public record AccountPayoutsSet(
        String accountId,
        long sequence,
        String frequency,
        String payoutAccountId,
        String minimum,
        String timezone) implements LedgerEventData {

    /** Whether this event removes the schedule. */
    public boolean removed() {
        return payoutAccountId == null;
    }
}
