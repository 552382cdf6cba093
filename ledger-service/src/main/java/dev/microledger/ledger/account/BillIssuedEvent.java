package dev.microledger.ledger.account;

import java.time.Instant;
import java.util.List;

/**
 * A billing period of a postpaid account closed with this bill: the entries from
 * {@code firstSequence} to {@code lastSequence} dated in [{@code periodStart}, {@code periodEnd}).
 */
public record BillIssuedEvent(String accountId, String currency, String billId, Instant periodStart,
                              Instant periodEnd, long amountDueMinor, Instant dueAt, long firstSequence,
                              long lastSequence, List<BillLine> lines, Instant occurredAt) {
}
