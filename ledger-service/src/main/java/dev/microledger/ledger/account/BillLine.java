package dev.microledger.ledger.account;

/** What a postpaid account paid one merchant in one category in a billing period, net of refunds. */
public record BillLine(String merchantAccountId, String category, long count, long totalMinor) {
}
