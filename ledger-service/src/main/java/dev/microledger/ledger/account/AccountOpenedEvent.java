package dev.microledger.ledger.account;

import java.time.Instant;

public record AccountOpenedEvent(
        String accountId,
        String currency,
        AccountKind kind,
        long creditLimitMinor,
        String metadataJson,
        Instant occurredAt) {
}
