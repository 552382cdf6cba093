package dev.microledger.ledger.account;

import java.time.Instant;

/** The merchant's payout schedule was set, replaced or (null) removed. */
public record AccountPayoutsSetEvent(String accountId, String currency, PayoutSchedule schedule, Instant occurredAt) {
}
