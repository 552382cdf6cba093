package dev.microledger.bench.report;

/**
 * One comparison the report prints.
 *
 * @param name   what is divided by what
 * @param value  the quotient; null when one side was not measured
 * @param detail the two sides, or why it is missing
 */
public record Ratio(String name, Double value, String detail) {
}
