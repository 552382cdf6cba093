package dev.microledger.query.account;

import java.time.Instant;

/** One row of {@code account_view}: an account as the projection last saw it, amounts in minor units. */
public record AccountRow(
        String accountId,
        String currency,
        int scale,
        String kind,
        String status,
        long balanceMinor,
        long pendingMinor,
        long creditLimitMinor,
        long version,
        Instant openedAt,
        Instant updatedAt) {
}
