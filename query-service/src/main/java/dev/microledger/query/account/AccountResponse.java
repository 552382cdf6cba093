package dev.microledger.query.account;

import dev.microledger.events.DecimalAmounts;

import java.time.Instant;

/**
 * The body of {@code GET /accounts/{accountId}}; amounts are decimal strings at the account's scale.
 * {@code displayName} is the name people know the account by, from its metadata; null without one.
 */
record AccountResponse(
        String accountId,
        String currency,
        String kind,
        String status,
        String balance,
        String pending,
        String available,
        String creditLimit,
        long version,
        Instant updatedAt,
        String displayName) {

    static final String KIND_SYSTEM = "SYSTEM";

    static AccountResponse of(AccountRow row) {
        return new AccountResponse(
                row.accountId(),
                row.currency(),
                row.kind(),
                row.status(),
                DecimalAmounts.format(row.balanceMinor(), row.scale()),
                DecimalAmounts.format(row.pendingMinor(), row.scale()),
                DecimalAmounts.format(availableMinor(row), row.scale()),
                DecimalAmounts.format(row.creditLimitMinor(), row.scale()),
                row.version(),
                row.updatedAt(),
                row.displayName());
    }

    /**
     * What the account can still spend: balance less holds plus the credit limit. SYSTEM accounts
     * have no floor (funding goes as negative as the top-ups need), so a credit limit means
     * nothing for them and their available amount is the balance less holds. The exact arithmetic
     * throws rather than wraps should a corrupt row ever hold values near the range of a long.
     */
    static long availableMinor(AccountRow row) {
        long netMinor = Math.subtractExact(row.balanceMinor(), row.pendingMinor());
        if (KIND_SYSTEM.equals(row.kind())) {
            return netMinor;
        }
        return Math.addExact(netMinor, row.creditLimitMinor());
    }
}
