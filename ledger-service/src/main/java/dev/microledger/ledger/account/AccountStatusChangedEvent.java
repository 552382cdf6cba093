package dev.microledger.ledger.account;

import java.time.Instant;

/** The account was frozen, unfrozen or closed. */
public record AccountStatusChangedEvent(String accountId, AccountStatus status, Instant occurredAt) {
}
