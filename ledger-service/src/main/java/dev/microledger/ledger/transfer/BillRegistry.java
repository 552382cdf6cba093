package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.ledger.account.BillIssuedEvent;
import dev.microledger.ledger.account.BillLine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The bills the ledger issued, by id, written in the transaction that issues them: a bill payment
 * names only its bill, and its answer shows the bill with its lines.
 */
@Repository
class BillRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<BillLine>> LINES = new TypeReference<>() {
    };

    /** An issued bill as kept here; what has been paid of it is the account's to say. */
    record BillRecord(String billId, String accountId, Instant periodStart, Instant periodEnd, String currency,
                      long amountDueMinor, Instant dueAt, Instant issuedAt, List<BillLine> lines) {
    }

    private final JdbcTemplate jdbc;

    BillRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(BillIssuedEvent bill) {
        String lines;
        try {
            lines = JSON.writeValueAsString(bill.lines());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the lines of bill " + bill.billId(), e);
        }
        jdbc.update("INSERT INTO bill_record (bill_id, account_id, period_start, period_end, currency, amount_due_minor, "
                        + "due_at, issued_at, lines_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                bill.billId(), bill.accountId(), utc(bill.periodStart()), utc(bill.periodEnd()), bill.currency(),
                bill.amountDueMinor(), utc(bill.dueAt()), utc(bill.occurredAt()), lines);
    }

    Optional<BillRecord> find(String billId) {
        return jdbc.query("SELECT bill_id, account_id, period_start, period_end, currency, amount_due_minor, due_at, "
                + "issued_at, lines_json FROM bill_record WHERE bill_id = ?", (rs, rowNumber) -> {
                    try {
                        return new BillRecord(rs.getString("bill_id"), rs.getString("account_id"),
                                rs.getObject("period_start", OffsetDateTime.class).toInstant(),
                                rs.getObject("period_end", OffsetDateTime.class).toInstant(),
                                rs.getString("currency"), rs.getLong("amount_due_minor"),
                                rs.getObject("due_at", OffsetDateTime.class).toInstant(),
                                rs.getObject("issued_at", OffsetDateTime.class).toInstant(),
                                JSON.readValue(rs.getString("lines_json"), LINES));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("bill " + billId + " has unreadable lines", e);
                    }
                }, billId).stream().findFirst();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
