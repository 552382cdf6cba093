package dev.microledger.query.analytics;

import java.time.Instant;
import java.util.List;

/**
 * The payments the ledger declined in a period, counted per reason, layer and UTC hour, oldest
 * hour first. Beyond the contract's {@code rows}, the same fields as {@link SpendingReport}.
 */
record DeclineReport(Instant from, Instant to, String currency, int limit, boolean truncated, List<Row> rows) {

    /**
     * @param reason the code the payer got: {@code insufficient_funds}, {@code limit_exceeded} or {@code account_frozen}
     * @param layer  for {@code limit_exceeded}, {@code account} or {@code system}; null otherwise
     * @param hour   the start of the UTC hour, e.g. {@code 2026-11-21T10:00:00Z}
     * @param count  the number of declined payments
     */
    record Row(String reason, String layer, String hour, long count) {
    }

    String csv() {
        Csv csv = new Csv("reason", "layer", "hour", "count");
        for (Row row : rows) {
            csv.line(row.reason(), row.layer(), row.hour(), row.count());
        }
        return csv.text();
    }
}
