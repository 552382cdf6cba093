package dev.microledger.ledger.transfer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The posted refunds by client-chosen id: what makes refunds idempotent. Written in the same
 * database transaction as the refund's events; the primary key refuses a second refund with the
 * same id even when two requests race.
 */
@Repository
class RefundRegistry {

    private final JdbcTemplate jdbc;

    RefundRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RefundRecord> find(String refundId) {
        List<RefundRecord> rows = jdbc.query("SELECT refund_id, transfer_id, requested_amount_minor, amount_minor, "
                + "currency, created_at, debit_version, credit_version, fee_returned_minor, fee_account_version FROM refund_record "
                + "WHERE refund_id = ?",
                (rs, rowNumber) -> new RefundRecord(
                        rs.getString("refund_id"),
                        rs.getString("transfer_id"),
                        rs.getObject("requested_amount_minor", Long.class),
                        rs.getLong("amount_minor"),
                        rs.getString("currency"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("debit_version"),
                        rs.getLong("credit_version"),
                        rs.getLong("fee_returned_minor"),
                        rs.getLong("fee_account_version")),
                refundId);
        return rows.stream().findFirst();
    }

    /**
     * Which of these ids name refunds: transfers and refunds share one id space, so that an id
     * names exactly one movement of money.
     */
    java.util.Set<String> refundIdsAmong(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        String[] array = ids.toArray(new String[0]);
        return new java.util.HashSet<>(jdbc.query("SELECT refund_id FROM refund_record WHERE refund_id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("VARCHAR", array)),
                (rs, rowNumber) -> rs.getString(1)));
    }

    void insert(RefundRecord refund) {
        jdbc.update("INSERT INTO refund_record (refund_id, transfer_id, requested_amount_minor, amount_minor, currency, "
                        + "created_at, debit_version, credit_version, fee_returned_minor, fee_account_version) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                refund.refundId(), refund.transferId(), refund.requestedAmountMinor(), refund.amountMinor(),
                refund.currency(), OffsetDateTime.ofInstant(refund.createdAt(), ZoneOffset.UTC), refund.debitVersion(),
                refund.creditVersion(), refund.feeReturnedMinor(),
                refund.feeAccountVersion() == 0 ? null : refund.feeAccountVersion());
    }
}
