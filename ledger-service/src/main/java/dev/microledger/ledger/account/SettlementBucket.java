package dev.microledger.ledger.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.time.Instant;

/**
 * A merchant's unsettled money of one minute: the payments received, their fees and the refunds
 * paid. A settlement takes a bucket whole once its last movement is at or before the cutoff.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class SettlementBucket {

    long count;
    long grossMinor;
    long feesMinor;
    long refundsMinor;
    Instant lastAt;

    void touch(Instant at) {
        if (lastAt == null || at.isAfter(lastAt)) {
            lastAt = at;
        }
    }
}
