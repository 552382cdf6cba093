package dev.microledger.query.alert;

import java.time.Instant;

/**
 * One row of {@code alert_view}. Besides the type, time and text, an alert keeps what it is
 * about: the period, the limit, threshold or pace, the declined transfer, and two amounts in
 * minor units: {@code amountMinor} (what was spent, used or asked for) and {@code referenceMinor}
 * (what that was measured against: the budget, the plan, the limit or the trailing daily average).
 */
record AlertRow(
        String accountId,
        long sequence,
        int ordinal,
        AlertType type,
        Instant occurredAt,
        String detail,
        String period,
        String limitName,
        String threshold,
        String pace,
        String transferId,
        String reason,
        String layer,
        Long amountMinor,
        Long referenceMinor) {

    static final int DETAIL_LENGTH_MAX = 512;
}
