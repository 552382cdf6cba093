package dev.microledger.query.economics;

import dev.microledger.events.DecimalAmounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads bills and settlements as the projection keeps them. */
@Repository
class EconomicsQueries {

    private static final String BILL_COLUMNS = "b.bill_id, b.account_id, b.period_start, b.period_end, "
            + "b.amount_due_minor, b.amount_paid_minor, b.currency, b.due_at, b.status, b.issued_at, "
            + "b.first_sequence, b.last_sequence, a.scale";

    private final JdbcTemplate jdbc;

    EconomicsQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record BillLine(String merchantAccountId, String category, long count, String total) {
    }

    record Bill(String billId, String accountId, Instant periodStart, Instant periodEnd, String amountDue,
                String amountPaid, String currency, Instant dueAt, String status, boolean overdue, Instant issuedAt,
                long fromVersion, long toVersion, List<BillLine> lines) {
    }

    record Settlement(String settlementId, String merchantAccountId, String payoutAccountId, Instant cutoff,
                      long count, String gross, String fees, String refunds, String net, String currency,
                      Instant settledAt) {
    }

    /** The account's bills, newest first, with their lines. */
    List<Bill> bills(String accountId, int limit, Instant now) {
        List<Bill> bills = jdbc.query("SELECT " + BILL_COLUMNS + " FROM bill_view b JOIN account_view a "
                + "ON a.account_id = b.account_id WHERE b.account_id = ? ORDER BY b.period_start DESC, b.bill_id "
                + "FETCH FIRST " + limit + " ROWS ONLY", (row, number) -> bill(row, now, List.of()), accountId);
        return withLines(bills);
    }

    Optional<Bill> bill(String billId, Instant now) {
        List<Bill> bills = jdbc.query("SELECT " + BILL_COLUMNS + " FROM bill_view b JOIN account_view a "
                + "ON a.account_id = b.account_id WHERE b.bill_id = ?", (row, number) -> bill(row, now, List.of()), billId);
        return withLines(bills).stream().findFirst();
    }

    /** Settlements newest first, of one merchant or of all, settled in [from, to). */
    List<Settlement> settlements(String merchantAccountId, Instant from, Instant to, int limit) {
        String sql = "SELECT s.*, a.scale FROM settlement_view s JOIN account_view a ON a.account_id = s.merchant_account_id "
                + "WHERE s.settled_at >= ? AND s.settled_at < ?" + (merchantAccountId == null ? "" : " AND s.merchant_account_id = ?")
                + " ORDER BY s.settled_at DESC, s.settlement_id FETCH FIRST " + limit + " ROWS ONLY";
        Object[] arguments = merchantAccountId == null ? new Object[] {utc(from), utc(to)}
                : new Object[] {utc(from), utc(to), merchantAccountId};
        return jdbc.query(sql, (row, number) -> {
            int scale = row.getInt("scale");
            return new Settlement(row.getString("settlement_id"), row.getString("merchant_account_id"),
                    row.getString("payout_account_id"), instant(row, "cutoff"), row.getLong("payment_count"),
                    DecimalAmounts.format(row.getLong("gross_minor"), scale),
                    DecimalAmounts.format(row.getLong("fees_minor"), scale),
                    DecimalAmounts.format(row.getLong("refunds_minor"), scale),
                    DecimalAmounts.format(row.getLong("net_minor"), scale), row.getString("currency"),
                    instant(row, "settled_at"));
        }, arguments);
    }

    private List<Bill> withLines(List<Bill> bills) {
        if (bills.isEmpty()) {
            return bills;
        }
        Map<String, Bill> byId = new LinkedHashMap<>();
        bills.forEach(bill -> byId.put(bill.billId(), bill));
        Map<String, List<BillLine>> lines = new LinkedHashMap<>();
        String[] ids = byId.keySet().toArray(new String[0]);
        jdbc.query("SELECT l.bill_id, l.merchant_account_id, l.category, l.payment_count, l.total_minor, a.scale "
                        + "FROM bill_line_view l JOIN bill_view b ON b.bill_id = l.bill_id "
                        + "JOIN account_view a ON a.account_id = b.account_id WHERE l.bill_id = ANY (?) "
                        + "ORDER BY l.bill_id, l.line",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("VARCHAR", ids)),
                (org.springframework.jdbc.core.RowCallbackHandler) row -> lines
                        .computeIfAbsent(row.getString("bill_id"), id -> new ArrayList<>())
                        .add(new BillLine(row.getString("merchant_account_id"), row.getString("category"),
                                row.getLong("payment_count"),
                                DecimalAmounts.format(row.getLong("total_minor"), row.getInt("scale")))));
        List<Bill> result = new ArrayList<>(bills.size());
        for (Bill bill : byId.values()) {
            result.add(new Bill(bill.billId(), bill.accountId(), bill.periodStart(), bill.periodEnd(), bill.amountDue(),
                    bill.amountPaid(), bill.currency(), bill.dueAt(), bill.status(), bill.overdue(), bill.issuedAt(),
                    bill.fromVersion(), bill.toVersion(), lines.getOrDefault(bill.billId(), List.of())));
        }
        return result;
    }

    private static Bill bill(ResultSet row, Instant now, List<BillLine> lines) throws SQLException {
        int scale = row.getInt("scale");
        String status = row.getString("status");
        Instant dueAt = instant(row, "due_at");
        return new Bill(row.getString("bill_id"), row.getString("account_id"), instant(row, "period_start"),
                instant(row, "period_end"), DecimalAmounts.format(row.getLong("amount_due_minor"), scale),
                DecimalAmounts.format(row.getLong("amount_paid_minor"), scale), row.getString("currency"), dueAt,
                status, "OPEN".equals(status) && !now.isBefore(dueAt), instant(row, "issued_at"),
                row.getLong("first_sequence"), row.getLong("last_sequence"), lines);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
