package dev.microledger.ledger.account;

import java.time.Instant;

/** The account's spending limits were replaced; they bind from this event on. */
public record AccountLimitsSetEvent(String accountId, String currency, AccountLimits limits, Instant occurredAt) {
}
