package dev.microledger.ledger.transfer;

import dev.microledger.ledger.money.Money;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accepted transfers by client-chosen id: what makes transfers idempotent. Rows are written
 * in the same database transaction as the transfer's events, so a transfer and its registration
 * commit together or not at all; the primary key refuses a second transfer with the same id even
 * when two requests race.
 */
@Repository
class TransferRegistry {

    /** The most ids looked up in one query; a batch never has more transfers than this. */
    static final int LOOKUP_SIZE_MAX = 1000;

    private static final String COLUMNS = "transfer_id, debit_account_id, credit_account_id, amount_minor, currency, "
            + "category, description, metadata_json, status, created_at, debit_version, credit_version, "
            + "hold_timeout_seconds, expires_at, posted_amount_minor, refunded_minor, fee_minor, fee_account_id, "
            + "fee_account_version";

    /** Earlier than any hold's expiry, and a timestamp PostgreSQL stores. */
    static final OffsetDateTime EXPIRES_AT_FLOOR = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    static final String DUE_HOLDS_SQL = "SELECT transfer_id FROM transfer_record WHERE expires_at >= ? AND expires_at <= ? "
            + "ORDER BY expires_at FETCH FIRST %d ROWS ONLY";

    private static final RowMapper<TransferRecord> ROW_MAPPER = TransferRegistry::map;

    private final NamedParameterJdbcTemplate jdbc;

    TransferRegistry(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, TransferRecord> findAll(Collection<String> transferIds) {
        if (transferIds.isEmpty()) {
            return Map.of();
        }
        if (transferIds.size() > LOOKUP_SIZE_MAX) {
            throw new IllegalArgumentException("at most " + LOOKUP_SIZE_MAX + " ids per lookup: " + transferIds.size());
        }
        // One array parameter rather than an IN list: the statement text is the same for every
        // batch size, so the database prepares and plans it once instead of once per size.
        String[] ids = transferIds.toArray(new String[0]);
        List<TransferRecord> rows = jdbc.getJdbcTemplate().query(
                "SELECT " + COLUMNS + " FROM transfer_record WHERE transfer_id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("VARCHAR", ids)),
                ROW_MAPPER);
        Map<String, TransferRecord> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.transferId(), row));
        return byId;
    }

    void insertAll(List<TransferRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Map<String, Object>> batch = new ArrayList<>(records.size());
        for (TransferRecord record : records) {
            TransferInstruction instruction = record.instruction();
            Map<String, Object> row = new HashMap<>();
            row.put("transferId", instruction.transferId());
            row.put("debitAccountId", instruction.debitAccountId());
            row.put("creditAccountId", instruction.creditAccountId());
            row.put("amountMinor", instruction.amount().amountMinor());
            row.put("currency", instruction.amount().currency());
            row.put("category", instruction.category());
            row.put("description", instruction.description());
            row.put("metadataJson", instruction.metadataJson());
            row.put("status", record.status().name());
            row.put("createdAt", OffsetDateTime.ofInstant(record.createdAt(), ZoneOffset.UTC));
            row.put("debitVersion", record.debitVersion());
            row.put("creditVersion", record.creditVersion());
            row.put("holdTimeoutSeconds", instruction.holdTimeoutSeconds());
            row.put("expiresAt", record.expiresAt() == null ? null
                    : OffsetDateTime.ofInstant(record.expiresAt(), ZoneOffset.UTC));
            row.put("postedAmountMinor", record.postedAmountMinor());
            row.put("refundedMinor", record.refundedMinor());
            row.put("feeMinor", record.feeMinor());
            row.put("feeAccountId", record.feeAccountId());
            row.put("feeAccountVersion", record.feeAccountVersion() == 0 ? null : record.feeAccountVersion());
            batch.add(row);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object>[] rows = batch.toArray(new Map[0]);
        jdbc.batchUpdate("INSERT INTO transfer_record (" + COLUMNS + ") VALUES (:transferId, :debitAccountId, "
                + ":creditAccountId, :amountMinor, :currency, :category, :description, :metadataJson, :status, "
                + ":createdAt, :debitVersion, :creditVersion, :holdTimeoutSeconds, :expiresAt, :postedAmountMinor, "
                + ":refundedMinor, :feeMinor, :feeAccountId, :feeAccountVersion)", rows);
    }

    Optional<TransferRecord> find(String transferId) {
        return Optional.ofNullable(findAll(List.of(transferId)).get(transferId));
    }

    /**
     * The ids of pending holds whose expiry is at or before {@code now}, the longest due first.
     * A range on {@code expires_at} reads the partial index of pending holds from its first entry,
     * so the lookup costs what is due, not every transfer ever made; the lower bound is below every
     * expiry and excludes nothing.
     */
    List<String> findDueHolds(Instant now, int max) {
        return jdbc.getJdbcTemplate().queryForList(DUE_HOLDS_SQL.formatted(max), String.class,
                EXPIRES_AT_FLOOR, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    /**
     * Ends a pending hold: its status becomes {@code status} and, when posted, the amount posted is
     * kept. Called with both accounts locked, after seeing the hold pending; a row that is no
     * longer pending means that rule was broken, and the unit of work must not commit.
     */
    void endHold(String transferId, TransferStatus status, Long postedAmountMinor) {
        int updated = jdbc.getJdbcTemplate().update("UPDATE transfer_record SET status = ?, posted_amount_minor = ?, "
                + "expires_at = NULL WHERE transfer_id = ? AND status = ?", status.name(), postedAmountMinor,
                transferId, TransferStatus.PENDING.name());
        if (updated != 1) {
            throw new IllegalStateException("transfer " + transferId + " was no longer pending when it was to become "
                    + status);
        }
    }

    /** Records the fee paid when a hold was posted, and the revenue account's version after it. */
    void setFee(String transferId, long feeMinor, String feeAccountId, long feeAccountVersion) {
        jdbc.getJdbcTemplate().update("UPDATE transfer_record SET fee_minor = ?, fee_account_id = ?, "
                + "fee_account_version = ? WHERE transfer_id = ?", feeMinor, feeAccountId, feeAccountVersion, transferId);
    }

    /** Adds a refund to the transfer's refunded total, which must still be {@code refundedBefore}. */
    void addRefunded(String transferId, long refundedBefore, long amountMinor) {
        int updated = jdbc.getJdbcTemplate().update("UPDATE transfer_record SET refunded_minor = ? "
                        + "WHERE transfer_id = ? AND refunded_minor = ?", Math.addExact(refundedBefore, amountMinor),
                transferId, refundedBefore);
        if (updated != 1) {
            throw new IllegalStateException("the refunded total of transfer " + transferId + " changed meanwhile");
        }
    }

    private static TransferRecord map(ResultSet rs, int rowNumber) throws SQLException {
        TransferInstruction instruction = new TransferInstruction(
                rs.getString("transfer_id"),
                rs.getString("debit_account_id"),
                rs.getString("credit_account_id"),
                new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                rs.getString("category"),
                rs.getString("description"),
                rs.getString("metadata_json"),
                rs.getObject("hold_timeout_seconds", Long.class));
        OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
        return new TransferRecord(
                instruction,
                TransferStatus.valueOf(rs.getString("status")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getLong("debit_version"),
                rs.getLong("credit_version"),
                expiresAt == null ? null : expiresAt.toInstant(),
                rs.getObject("posted_amount_minor", Long.class),
                rs.getLong("refunded_minor"),
                rs.getLong("fee_minor"),
                rs.getString("fee_account_id"),
                rs.getLong("fee_account_version"));
    }
}
