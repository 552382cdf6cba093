package dev.microledger.query.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Spending in a period, grouped by category, merchant, UTC day or UTC hour. Beyond the contract's
 * {@code rows} it says what was asked ({@code groupBy}, {@code from}, {@code to}, {@code currency},
 * {@code limit}) and whether rows were cut at the limit ({@code truncated}). Each row carries its
 * {@code currency}: amounts of different currencies are never added up, so without a currency
 * filter a key has one row per currency.
 */
record SpendingReport(String groupBy, Instant from, Instant to, String currency, int limit, boolean truncated,
                      List<Row> rows) {

    /**
     * @param key    the category (null for payments without one), the merchant's account id, the
     *               UTC day ({@code 2026-11-21}) or the start of the UTC hour ({@code 2026-11-21T10:00:00Z})
     * @param total  the sum of the payments, a decimal string in major units
     * @param count  the number of payments
     * @param payers the number of distinct paying accounts
     */
    record Row(String key, String total, long count, long payers, String currency) {
    }

    String csv() {
        Csv csv = new Csv("key", "total", "count", "payers", "currency");
        for (Row row : rows) {
            csv.line(row.key(), row.total(), row.count(), row.payers(), row.currency());
        }
        return csv.text();
    }
}
