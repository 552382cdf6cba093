package dev.microledger.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A raw append limit of the machine: what the database or the broker takes without the ledger.
 *
 * @param name          what was measured, for people
 * @param unit          rows or records
 * @param ratePerSecond appended per second; null when skipped or failed
 * @param count         appended in total
 * @param seconds       how long it ran
 * @param detail        how it was measured
 * @param skippedReason why it was not measured, or null
 */
public record RawLimit(String name, String unit, Double ratePerSecond, long count, double seconds, String detail,
                       String skippedReason) {

    public static RawLimit skipped(String name, String unit, String reason) {
        return new RawLimit(name, unit, null, 0, 0, "", reason);
    }

    @JsonIgnore
    public boolean measured() {
        return ratePerSecond != null;
    }
}
