package dev.microledger.ledger.account;

import java.time.Instant;

/** The merchant's fee schedule was set, replaced or (null) removed; it binds from the next payment. */
public record AccountFeesSetEvent(String accountId, String currency, FeeSchedule schedule, Instant occurredAt) {
}
