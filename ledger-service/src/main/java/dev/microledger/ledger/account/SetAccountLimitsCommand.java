package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the account's spending limits. */
public record SetAccountLimitsCommand(@TargetAggregateIdentifier String accountId, AccountLimits limits) {
}
