package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets, replaces or (with a null schedule) removes a merchant's fee schedule. */
public record SetFeeScheduleCommand(@TargetAggregateIdentifier String accountId, FeeSchedule schedule) {
}
