package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets or replaces the account's monthly budget. */
public record SetAccountBudgetCommand(@TargetAggregateIdentifier String accountId, AccountBudget budget) {
}
