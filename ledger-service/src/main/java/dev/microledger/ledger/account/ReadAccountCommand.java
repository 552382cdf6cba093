package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers the account as it is, changing nothing: what a command needs to parse its amounts. */
public record ReadAccountCommand(@TargetAggregateIdentifier String accountId) {
}
