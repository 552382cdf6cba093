package dev.microledger.query.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /accounts/{accountId}/alerts}, newest first. Beyond the contract's
 * {@code type}, {@code at} and {@code detail}, each alert carries the {@code sequence} of the
 * account event that raised it and what it is about, null where it does not apply: the
 * {@code period} (a day or a month), the {@code limit}, the budget {@code threshold} (a share,
 * 0.8 for 80 %), the {@code pace}, the declined {@code transferId} with its {@code reason} and
 * {@code layer}, the {@code amount} spent, used or asked for, and the {@code reference} it was
 * measured against (the budget, the plan for the days elapsed, the limit, or the trailing daily
 * average).
 */
record AlertList(List<Alert> alerts) {

    record Alert(
            String type,
            Instant at,
            String detail,
            long sequence,
            String period,
            String limit,
            BigDecimal threshold,
            String pace,
            String transferId,
            String reason,
            String layer,
            String amount,
            String reference) {
    }
}
