package dev.microledger.ledger.account;

import java.time.Instant;

/** The account's monthly budget was set or replaced. */
public record AccountBudgetSetEvent(String accountId, String currency, AccountBudget budget, Instant occurredAt) {
}
