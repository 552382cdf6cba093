package dev.microledger.ledger.account;

/**
 * An account as the command side answers about it. {@code created} tells a first opening apart
 * from an identical repeat.
 */
public record AccountView(
        String accountId,
        String currency,
        AccountKind kind,
        long creditLimitMinor,
        AccountStatus status,
        long version,
        String metadataJson,
        boolean created,
        AccountLimits limits,
        AccountBudget budget,
        long balanceMinor,
        long heldMinor,
        FeeSchedule fees,
        PayoutSchedule payouts) {
}
