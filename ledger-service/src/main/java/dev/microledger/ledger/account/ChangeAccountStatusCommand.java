package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Freezes ({@code FROZEN}), unfreezes ({@code OPEN}) or closes ({@code CLOSED}) an account. */
public record ChangeAccountStatusCommand(@TargetAggregateIdentifier String accountId, AccountStatus status) {
}
