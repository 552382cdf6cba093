package dev.microledger.query.analytics;

import java.time.Instant;
import java.util.List;

/**
 * How many payments of each size a period had, in five buckets per currency: up to 0.01, up to
 * 0.10, up to 1, up to 10, and above 10 (in major units; each {@code upTo} is inclusive, and the
 * last bucket's is null). Every currency gets all five buckets, empty ones included, in that
 * order. Beyond the contract's {@code buckets}, the same fields as {@link SpendingReport}.
 */
record TransferSizeReport(Instant from, Instant to, String currency, int limit, boolean truncated,
                          List<Bucket> buckets) {

    /**
     * @param upTo  the largest amount in the bucket (inclusive), or null for the last bucket
     * @param count the number of payments in the bucket
     * @param total the sum of those payments, a decimal string in major units
     */
    record Bucket(String upTo, long count, String total, String currency) {
    }

    String csv() {
        Csv csv = new Csv("upTo", "count", "total", "currency");
        for (Bucket bucket : buckets) {
            csv.line(bucket.upTo(), bucket.count(), bucket.total(), bucket.currency());
        }
        return csv.text();
    }
}
