package dev.microledger.query.consuming;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The records the projection set aside, for operators: listed with why, and applied again once
 * the cause is fixed ({@code docs/events/integrity.md}, {@code docs/projections.md}).
 */
@Component
public class SetAsideRecords {

    /** The most records one listing answers. */
    public static final int LIMIT_MAX = 500;

    private static final String SELECT = """
            SELECT topic, record_partition, record_offset, account_id, sequence, reason, detail, record_key,
                   octet_length(record_value) AS value_bytes, chain, record_time
              FROM set_aside_record
             WHERE (CAST(? AS VARCHAR) IS NULL OR reason = ?)
               AND (CAST(? AS VARCHAR) IS NULL OR account_id = ?)
             ORDER BY record_time DESC, record_partition, record_offset
             LIMIT ?""";
    private static final String COUNT = "SELECT COUNT(*) FROM set_aside_record";
    private static final String SELECT_HELD = """
            SELECT account_id, reason, detail, version, sequence, held_since FROM held_account
             ORDER BY held_since DESC, account_id LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final KafkaConsumerSettings settings;

    SetAsideRecords(JdbcTemplate jdbc, Projector projector, KafkaConsumerSettings settings) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.settings = settings;
    }

    /** A record set aside, without its bytes: where it came from, what it was, why. */
    public record SetAsideRecord(String topic, int partition, long offset, String accountId, Long sequence, String reason,
                                 String detail, String key, Integer valueBytes, String chain, Instant recordTime) {
    }

    /** An account held by a record set aside. */
    public record HeldAccount(String accountId, String reason, String detail, long heldVersion, long sequence,
                              Instant heldSince) {
    }

    /** What applying a set-aside record again did. */
    public enum ReplayResult {
        /** There is no such record set aside. */
        NOT_FOUND,
        /** It was applied; its account moved on. */
        APPLIED,
        /** Its account had it already: it left the set-aside records. */
        DUPLICATE,
        /** It still cannot be applied: it is set aside again, with the reason of now. */
        SET_ASIDE_AGAIN
    }

    /**
     * The records set aside, newest first.
     *
     * @param reason only those of this reason, or null for all
     * @param accountId only those of this account, or null for all
     * @param limit at most this many, 1 to {@value #LIMIT_MAX}
     */
    public List<SetAsideRecord> list(String reason, String accountId, int limit) {
        return jdbc.query(SELECT, (row, rowNumber) -> new SetAsideRecord(row.getString("topic"),
                row.getInt("record_partition"), row.getLong("record_offset"), row.getString("account_id"),
                (Long) row.getObject("sequence"), row.getString("reason"), row.getString("detail"),
                row.getString("record_key"), (Integer) row.getObject("value_bytes"),
                row.getBytes("chain") == null ? null : HexFormat.of().formatHex(row.getBytes("chain")),
                row.getObject("record_time", OffsetDateTime.class).toInstant()),
                reason, reason, accountId, accountId, limit);
    }

    /** @return whether the text is an account id as the projection accepts one */
    public static boolean isAccountId(String text) {
        return IdSyntax.isId(text);
    }

    /** @return how many records are set aside */
    public long count() {
        Long count = jdbc.queryForObject(COUNT, Long.class);
        return count == null ? 0 : count;
    }

    /** @return the held accounts, most recently held first, at most {@code limit} */
    public List<HeldAccount> held(int limit) {
        List<HeldAccount> held = new ArrayList<>();
        jdbc.query(SELECT_HELD, row -> {
            held.add(new HeldAccount(row.getString("account_id"), row.getString("reason"), row.getString("detail"),
                    row.getLong("version"), row.getLong("sequence"),
                    row.getObject("held_since", OffsetDateTime.class).toInstant()));
        }, limit);
        return held;
    }

    /**
     * Applies the record at this place of the live topic again.
     *
     * @throws RuntimeException when projecting it fails again: nothing changed, it stays set aside
     */
    public ReplayResult replay(int partition, long offset) {
        Projector.Replay replay = projector.replay(settings.topic(), partition, offset);
        if (!replay.found()) {
            return ReplayResult.NOT_FOUND;
        }
        ProjectionOutcome outcome = replay.outcome();
        if (outcome.projected() == 1) {
            return ReplayResult.APPLIED;
        }
        return outcome.duplicates() == 1 ? ReplayResult.DUPLICATE : ReplayResult.SET_ASIDE_AGAIN;
    }
}
