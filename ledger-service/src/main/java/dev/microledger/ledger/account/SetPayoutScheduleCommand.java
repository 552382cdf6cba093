package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets, replaces or (with a null schedule) removes a merchant's payout schedule. */
public record SetPayoutScheduleCommand(@TargetAggregateIdentifier String accountId, PayoutSchedule schedule) {
}
