package dev.microledger.query.consuming;

import dev.microledger.events.AccountBudgetSet;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountLimitsSet;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.AccountStatusChanged;
import dev.microledger.events.HoldPlaced;
import dev.microledger.events.HoldReleased;
import dev.microledger.events.PaymentDeclined;
import dev.microledger.events.AmountFormatException;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.events.FreeText;
import dev.microledger.events.MalformedEventException;
import dev.microledger.events.UnrecognizedEvent;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.alert.AlertBatch;
import dev.microledger.query.economics.EconomicsRows;
import dev.microledger.query.alert.AlertProjection;
import dev.microledger.query.spending.SpendingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a batch of ledger events to {@code account_view} and {@code entry_view} (and, through
 * {@link AlertProjection}, to the spending state and alerts) in one database transaction. Per
 * account, an event is applied only if its sequence is exactly one more than the account's
 * recorded version, and the new version is written in the same
 * transaction as the event's effect: that is what makes redelivery harmless and keeps balances
 * right. The projection is a pure function of the events (times come from the events, never
 * from the clock), so a rebuild from the topic produces the same rows.
 */
@Component
class Projector {

    private static final Logger log = LoggerFactory.getLogger(Projector.class);

    static final String STATUS_OPEN = "OPEN";
    static final String STATUS_POSTED = "POSTED";
    static final int CURRENCY_LENGTH_MAX = 16;
    static final int KIND_LENGTH_MAX = 16;
    static final int DESCRIPTION_LENGTH_MAX = 1024;
    /** Bounds the id array of one SELECT, so no single lookup grows with the poll. */
    static final int LOAD_CHUNK_SIZE = 500;
    /** Bounds one JDBC batch. */
    static final int WRITE_CHUNK_SIZE = 500;
    /**
     * Bounds one transaction: the live consumer never asks for more records per poll than
     * {@link KafkaConsumerSettings#MAX_POLL_RECORDS_MAX}, a rebuild gathers at most this many.
     */
    static final int BATCH_SIZE_MAX = RebuildSettings.TRANSACTION_RECORDS_MAX;
    private static final int UNRECOGNIZED_TYPES_LOGGED_MAX = 100;

    /**
     * A join with the unnested ids rather than {@code account_id = ANY (?)}: PostgreSQL plans a
     * prepared statement once, and if that plan is a scan (as it is while the table is young and
     * its statistics say it is empty) it compares every row with every id of the array: up to 50 ms
     * a poll in the benchmark. Joined, it takes an index probe or a hash per id, whatever the plan.
     */
    private static final String SELECT_ACCOUNTS = """
            SELECT a.account_id, a.currency, a.scale, a.kind, a.status, a.balance_minor, a.pending_minor,
                   a.credit_limit_minor, a.version, a.opened_at, a.updated_at, a.display_name, a.chain
              FROM UNNEST(?) AS ids(account_id)
              JOIN account_view a ON a.account_id = ids.account_id""";
    private static final String INSERT_ACCOUNT = """
            INSERT INTO account_view (account_id, currency, scale, kind, status, balance_minor, pending_minor,
                                      credit_limit_minor, version, opened_at, updated_at, chain, display_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE_ACCOUNT = """
            UPDATE account_view
               SET balance_minor = ?, pending_minor = ?, version = ?, updated_at = ?, status = ?, chain = ?
             WHERE account_id = ? AND version = ?""";
    private static final String INSERT_ENTRY = """
            INSERT INTO entry_view (account_id, sequence, transfer_id, direction, counterparty_account_id, amount_minor,
                                    currency, category, description, status, occurred_at, balance_after_minor, kind,
                                    refund_of, actor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_HOLD = """
            INSERT INTO hold_view (account_id, transfer_id, entry_sequence, amount_minor, expires_at)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String END_HOLD_ENTRY = """
            UPDATE entry_view
               SET status = ?
             WHERE account_id = ?
               AND sequence = (SELECT entry_sequence FROM hold_view WHERE account_id = ? AND transfer_id = ?)""";
    private static final String DELETE_HOLD = "DELETE FROM hold_view WHERE account_id = ? AND transfer_id = ?";
    private static final String INSERT_DECLINE = """
            INSERT INTO decline_view (account_id, sequence, transfer_id, counterparty_account_id, amount_minor, currency,
                                      category, reason, limit_name, layer, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** The first record set aside for an account holds it; later ones leave the first reason in place. */
    private static final String HOLD_ACCOUNT = """
            INSERT INTO held_account (account_id, reason, detail, version, sequence, held_since)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id) DO NOTHING""";
    private static final String RELEASE_ACCOUNTS = """
            DELETE FROM held_account h USING UNNEST(?) AS ids(account_id) WHERE h.account_id = ids.account_id""";
    private static final String SELECT_HELD = """
            SELECT h.account_id FROM UNNEST(?) AS ids(account_id) JOIN held_account h ON h.account_id = ids.account_id""";
    /** Set-aside records that came too early, in the order they could follow one another. */
    private static final String SELECT_GAP_RECORDS = """
            SELECT r.topic, r.record_partition, r.record_offset, r.record_key, r.record_value, r.chain, r.record_time
              FROM UNNEST(?) AS ids(account_id)
              JOIN set_aside_record r ON r.account_id = ids.account_id
             WHERE r.reason = 'gap'
             ORDER BY r.account_id, r.sequence, r.record_offset
             LIMIT 10000""";
    private static final String SELECT_SET_ASIDE_RECORD = """
            SELECT topic, record_partition, record_offset, record_key, record_value, chain, record_time
              FROM set_aside_record
             WHERE topic = ? AND record_partition = ? AND record_offset = ?
               FOR UPDATE""";
    private static final String DELETE_SET_ASIDE = """
            DELETE FROM set_aside_record WHERE topic = ? AND record_partition = ? AND record_offset = ?""";
    private static final String SET_ASIDE = """
            INSERT INTO set_aside_record (topic, record_partition, record_offset, account_id, sequence, reason, detail,
                                          record_key, record_value, chain, record_time)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (topic, record_partition, record_offset) DO NOTHING""";
    /** A record value larger than this is set aside without its bytes. */
    static final int SET_ASIDE_VALUE_BYTES_MAX = 64 * 1024;
    private static final int DETAIL_LENGTH_MAX = 500;
    private static final int KEY_LENGTH_MAX = 255;
    static final String KIND_HOLD = "HOLD";
    static final String STATUS_PENDING = "PENDING";
    private static final Set<String> STATUSES = Set.of("OPEN", "FROZEN", "CLOSED");
    private static final Set<String> HOLD_END_REASONS = Set.of("POSTED", "VOIDED", "EXPIRED");
    private static final int REASON_LENGTH_MAX = 32;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AlertProjection alerts;
    private final EventChain chain;
    private final LedgerEventCodec codec = new LedgerEventCodec();
    private final Set<String> unrecognizedTypesLogged = ConcurrentHashMap.newKeySet();

    @Autowired
    Projector(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AlertProjection alerts,
              EventChain chain) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.transactions = new TransactionTemplate(transactionManager);
        this.alerts = alerts;
    }

    /** A projector with the default spending settings, for tests and tools that build one by hand. */
    Projector(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, EventChain chain) {
        this(jdbc, transactionManager, new AlertProjection(jdbc, SpendingSettings.DEFAULTS), chain);
    }

    /**
     * Applies the records in their order and commits once. Throws if the database fails or
     * another writer changed one of the accounts meanwhile; then nothing of the batch is kept.
     */
    ProjectionOutcome apply(List<ProjectionInput> inputs) {
        return apply(inputs, AccountCache.NONE);
    }

    /**
     * The same, taking account rows from {@code cache} where it has them instead of reading them,
     * and putting the rows the batch leaves behind into it. Only a writer that has the tables to
     * itself (a rebuild) may use a cache, and it must empty it when a transaction fails.
     */
    ProjectionOutcome apply(List<ProjectionInput> inputs, AccountCache cache) {
        if (inputs.size() > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("batch of " + inputs.size() + " records exceeds " + BATCH_SIZE_MAX);
        }
        return transactions.execute(status -> applyInTransaction(inputs, cache));
    }

    /**
     * The same for a batch that failed as a whole more than once: each record in a transaction of
     * its own, so that the one record that cannot be projected (a constraint, a bug) is found. Such
     * a record is tried {@value #RECORD_ATTEMPTS} times, then set aside with why (reason
     * {@code failure}) and its account held; every other record is applied. A failure whose SQL
     * state is not the record's ({@link #isRecordFault}), more than {@value #FAILED_RECORDS_MAX}
     * such records, or all of several, are the database's fault: then nothing is set aside and
     * this throws.
     *
     * @throws RuntimeException when the database fails even to set a record aside: then it is not
     *     the record, and the caller retries later as after any failed transaction
     */
    ProjectionOutcome applyIsolating(List<ProjectionInput> inputs) {
        ProjectionOutcome.Builder total = new ProjectionOutcome.Builder(inputs.size());
        List<ProjectionInput> failedInputs = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        int applied = 0;
        for (ProjectionInput input : inputs) {
            RuntimeException failure = null;
            for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
                try {
                    total.add(apply(List.of(input)));
                    failure = null;
                    applied++;
                    break;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                if (!isRecordFault(failure)) {
                    throw failure;
                }
                failedInputs.add(input);
                failures.add(failure);
            }
        }
        // A bad record is one among records that can be projected. When many fail, or all of several,
        // the fault is the database's (a table gone, a full disk): nothing is set aside, and the caller
        // retries as after any failed transaction.
        if (failedInputs.size() > FAILED_RECORDS_MAX || applied == 0 && failedInputs.size() > 1) {
            throw new IllegalStateException(failedInputs.size() + " of " + inputs.size() + " records failed on their own, "
                    + "which is the database rather than a record: " + LedgerEventConsumer.describe(failures.get(0)),
                    failures.get(0));
        }
        for (int index = 0; index < failedInputs.size(); index++) {
            setAsideFailed(failedInputs.get(index), failures.get(index));
            total.failed();
        }
        return total.build();
    }

    /**
     * Whether a failure can be the record's own: the database refused its data (SQL states of
     * class 22, data exception, and 23, integrity constraint violation), or the projection's code
     * failed on it without the database saying anything. Every other SQL state (a table gone,
     * a lost connection, a full disk, a deadlock) is the database's, whatever record met it.
     */
    static boolean isRecordFault(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23");
            }
        }
        return true;
    }

    /** Sets aside a record whose projection failed, in a transaction of its own, and holds its account. */
    private void setAsideFailed(ProjectionInput input, RuntimeException failure) {
        String why = LedgerEventConsumer.describe(failure);
        transactions.executeWithoutResult(status -> {
            SetAside setAside = new SetAside();
            Decoded decoded = input.value() == null ? null : decodeQuietly(input);
            if (decoded == null) {
                log.error("Set aside record {}: projecting it failed {} times: {}", input.origin(), RECORD_ATTEMPTS, why);
                setAside.record(input, null, null, REASON_FAILURE, why);
            } else {
                String accountId = decoded.data().accountId();
                List<Long> versions = jdbc.queryForList("SELECT version FROM account_view WHERE account_id = ?",
                        Long.class, accountId);
                long version = versions.isEmpty() ? AccountState.VERSION_NONE : versions.get(0);
                refuse(decoded, version, REASON_FAILURE, "projecting it failed " + RECORD_ATTEMPTS + " times: " + why,
                        setAside);
            }
            setAside.write();
        });
    }

    /** What applying a set-aside record again did. */
    record Replay(boolean found, ProjectionOutcome outcome) {
    }

    /**
     * Applies a set-aside record again, once the cause is fixed (a new version, a repaired row):
     * it leaves the set-aside records and goes through every check a record from the topic goes
     * through, in one transaction. A record that still cannot be applied is set aside again; one
     * whose projection fails rolls the transaction back and stays where it was.
     *
     * @return whether there was such a record, and what applying it did
     */
    Replay replay(String topic, int partition, long offset) {
        return transactions.execute(status -> {
            List<ProjectionInput> found = jdbc.query(SELECT_SET_ASIDE_RECORD, (row, rowNumber) -> setAsideInput(row),
                    topic, partition, offset);
            if (found.isEmpty()) {
                return new Replay(false, null);
            }
            jdbc.update(DELETE_SET_ASIDE, topic, partition, offset);
            return new Replay(true, applyInTransaction(found, AccountCache.NONE));
        });
    }

    private ProjectionOutcome applyInTransaction(List<ProjectionInput> inputs, AccountCache cache) {
        ProjectionOutcome.Builder outcome = new ProjectionOutcome.Builder(inputs.size());
        SetAside setAside = new SetAside();
        List<Decoded> events = decode(inputs, outcome, setAside);
        Set<String> accountIds = new LinkedHashSet<>();
        for (Decoded decoded : events) {
            accountIds.add(decoded.data().accountId());
        }
        for (ProjectionInput unreadable : setAside.unreadable()) {
            accountIds.add(unreadable.key());
        }
        setAside.heldBefore(heldAmong(accountIds));
        Map<String, AccountState> states = cache.take(accountIds);
        accountIds.removeAll(states.keySet());
        states.putAll(load(accountIds));
        AlertBatch spending = alerts.begin(events.stream().map(Decoded::data).toList());
        Writes writes = new Writes(events.size());
        for (Decoded decoded : events) {
            project(decoded, states, writes, spending, outcome, setAside);
        }
        applySetAsideSuccessors(states, writes, spending, outcome, setAside);
        holdUnreadable(states, setAside);
        write(states, writes);
        setAside.write();
        spending.write();
        cache.keep(states.values());
        return outcome.build();
    }

    /**
     * A record that cannot be read but whose link verifies as its account's next event was written
     * by the ledger: the account's state after it is unknown, so the account is held, as for any
     * event set aside. (Unverified garbage under an account's key holds nothing.)
     */
    private void holdUnreadable(Map<String, AccountState> states, SetAside setAside) {
        for (ProjectionInput input : setAside.unreadable()) {
            AccountState state = states.get(input.key());
            byte[] previous = state == null || state.chain == null ? EventChain.start() : state.chain;
            if (chain.verifies(previous, input.value(), input.link())) {
                long version = state == null ? AccountState.VERSION_NONE : state.version;
                log.error("Record {} cannot be read but is the ledger's next event of account {}; the account is held at "
                        + "version {}", input.origin(), input.key(), version);
                setAside.hold(input.key(), REASON_MALFORMED, "its next event cannot be read (" + input.origin() + ")",
                        version, version + 1, input.timestamp());
            }
        }
    }

    /** The accounts among these that a record set aside earlier holds. */
    private Set<String> heldAmong(Set<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Set.of();
        }
        String[] ids = accountIds.toArray(new String[0]);
        return new LinkedHashSet<>(jdbc.query(SELECT_HELD, statement -> statement.setArray(1,
                statement.getConnection().createArrayOf("VARCHAR", ids)), (row, rowNumber) -> row.getString(1)));
    }

    /**
     * An account released in this batch may have later events that were set aside because they
     * came before the one it was waiting for (reordered on the way): those that now follow its
     * version are applied, in order, and are no longer set aside. Each goes through the same checks
     * as a record from the topic.
     */
    private void applySetAsideSuccessors(Map<String, AccountState> states, Writes writes, AlertBatch spending,
                                         ProjectionOutcome.Builder outcome, SetAside setAside) {
        Set<String> released = setAside.releasedAccounts();
        if (released.isEmpty()) {
            return;
        }
        String[] ids = released.toArray(new String[0]);
        List<ProjectionInput> waiting = jdbc.query(SELECT_GAP_RECORDS, statement -> statement.setArray(1,
                statement.getConnection().createArrayOf("VARCHAR", ids)), (row, rowNumber) -> setAsideInput(row));
        for (ProjectionInput input : waiting) {
            Decoded decoded = input.value() == null ? null : decodeQuietly(input);
            if (decoded == null) {
                continue;
            }
            AccountState state = states.get(decoded.data().accountId());
            long version = state == null ? AccountState.VERSION_NONE : state.version;
            if (decoded.data().sequence() <= version) {
                setAside.resolved(input);
            } else if (decoded.data().sequence() == version + 1) {
                setAside.resolved(input);
                log.info("Applying set-aside record {} of account {} at sequence {}: its predecessor has arrived",
                        input.origin(), decoded.data().accountId(), decoded.data().sequence());
                project(decoded, states, writes, spending, outcome, setAside);
            }
        }
    }

    /** A row of {@code set_aside_record} as the record it was. */
    private static ProjectionInput setAsideInput(java.sql.ResultSet row) throws SQLException {
        return new ProjectionInput(row.getString("record_key"), row.getBytes("record_value"), row.getBytes("chain"),
                row.getString("topic"), row.getInt("record_partition"), row.getLong("record_offset"),
                row.getObject("record_time", OffsetDateTime.class).toInstant().toEpochMilli());
    }

    private Decoded decodeQuietly(ProjectionInput input) {
        try {
            LedgerEvent event = codec.decode(input.value());
            return event.data().accountId().equals(input.key()) ? new Decoded(input, event) : null;
        } catch (MalformedEventException e) {
            return null;
        }
    }

    private List<Decoded> decode(List<ProjectionInput> inputs, ProjectionOutcome.Builder outcome, SetAside setAside) {
        List<Decoded> events = new ArrayList<>(inputs.size());
        for (ProjectionInput input : inputs) {
            Decoded decoded = decodeOne(input, setAside);
            if (decoded == null) {
                outcome.malformed();
                if (input.link() != null && IdSyntax.isId(input.key())) {
                    setAside.unreadable(input);
                }
                continue;
            }
            events.add(decoded);
        }
        return events;
    }

    private Decoded decodeOne(ProjectionInput input, SetAside setAside) {
        if (input.value() == null) {
            return malformed(input, setAside, "it has no value");
        }
        LedgerEvent event;
        try {
            event = codec.decode(input.value());
        } catch (MalformedEventException e) {
            return malformed(input, setAside, e.getMessage());
        }
        String accountId = event.data().accountId();
        if (!IdSyntax.isId(accountId)) {
            return malformed(input, setAside, "account id " + shorten(accountId) + " is not a valid id");
        }
        // The key decides the partition, and the partition decides the order. An event whose key is
        // not its account may sit in another account's partition, out of order with its own stream.
        if (!accountId.equals(input.key())) {
            return malformed(input, setAside, "its key " + shorten(input.key()) + " is not its account " + accountId);
        }
        return new Decoded(input, event);
    }

    /** A record that is no event of an account: set aside, and no account is held for it. */
    private static Decoded malformed(ProjectionInput input, SetAside setAside, String why) {
        log.error("Set aside malformed record {}: {}", input.origin(), why);
        setAside.record(input, null, null, REASON_MALFORMED, why);
        return null;
    }

    private Map<String, AccountState> load(Set<String> accountIds) {
        Map<String, AccountState> states = new HashMap<>();
        List<String> ids = new ArrayList<>(accountIds);
        for (int from = 0; from < ids.size(); from += LOAD_CHUNK_SIZE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOAD_CHUNK_SIZE));
            // One array parameter: the statement text is the same for every chunk size, so the
            // database prepares and plans it once (an IN list is planned anew for every size).
            String[] chunkIds = chunk.toArray(new String[0]);
            jdbc.query(SELECT_ACCOUNTS, statement -> statement.setArray(1,
                    statement.getConnection().createArrayOf("VARCHAR", chunkIds)), (RowCallbackHandler) row -> {
                AccountRow loaded = AccountRow.read(row);
                AccountState state = new AccountState(loaded.accountId(), loaded.currency(), loaded.scale(),
                        loaded.kind(), loaded.status(), loaded.balanceMinor(), loaded.pendingMinor(),
                        loaded.creditLimitMinor(), loaded.version(), loaded.openedAt(), loaded.updatedAt(),
                        loaded.version());
                state.chain = row.getBytes("chain");
                states.put(state.accountId, state);
            });
        }
        return states;
    }

    private void project(Decoded decoded, Map<String, AccountState> states, Writes writes, AlertBatch spending,
                         ProjectionOutcome.Builder outcome, SetAside setAside) {
        LedgerEventData data = decoded.data();
        AccountState state = states.get(data.accountId());
        long version = state == null ? AccountState.VERSION_NONE : state.version;
        long sequence = data.sequence();
        if (sequence < 0) {
            refuse(decoded, version, REASON_INVARIANT, "its sequence is negative", setAside);
            outcome.invariantViolation();
            return;
        }
        if (sequence <= version) {
            outcome.duplicate();
            return;
        }
        if (sequence > version + 1) {
            // An earlier event of this account was never applied. Building on a missing step would
            // make every later balance wrong, so the event is set aside; the offset still advances so
            // that the partition's other accounts keep moving. The account is held at its version,
            // visible as 503 account_held to readers, until its true next event arrives or the
            // projection is rebuilt from the topic.
            refuse(decoded, version, REASON_GAP, "expected sequence " + (version + 1) + " but it has " + sequence,
                    setAside);
            outcome.gap();
            return;
        }
        // The event must carry the link that its bytes and the account's last link make: a record
        // written by anyone but the ledger, or changed on the way, does not (docs/events/integrity.md).
        byte[] previousLink = state == null || state.chain == null ? EventChain.start() : state.chain;
        if (!chain.verifies(previousLink, decoded.input().value(), decoded.input().link())) {
            refuse(decoded, version, REASON_INTEGRITY, decoded.input().link() == null
                    ? "it carries no " + EventChain.HEADER + " header"
                    : "its " + EventChain.HEADER + " header is not the link of its bytes after the account's last event",
                    setAside);
            outcome.forged();
            return;
        }
        Instant time = decoded.event().time().truncatedTo(ChronoUnit.MICROS);
        Instant previousTime = state == null ? null : state.updatedAt;
        String refusal = applyNext(decoded, state, time, states, writes);
        if (refusal != null) {
            refuse(decoded, version, REASON_INVARIANT, refusal, setAside);
            outcome.invariantViolation();
            return;
        }
        AccountState advanced = states.get(data.accountId());
        advanced.chain = decoded.input().link();
        setAside.released(data.accountId());
        if (previousTime != null && time.isBefore(previousTime)) {
            // Reads by time find an account's entries by a binary search that relies on this order.
            log.warn("Account {} has its event at sequence {} dated {}, before its previous event at {}: reads by "
                    + "time place it by its sequence", data.accountId(), sequence, time, previousTime);
        }
        AccountState applied = states.get(data.accountId());
        spending.applied(data, time, applied.currency, applied.scale);
        outcome.projected(time);
    }

    /** Applies the account's next event; returns why it was refused, or null once it is applied. */
    private String applyNext(Decoded decoded, AccountState state, Instant time, Map<String, AccountState> states,
                             Writes writes) {
        LedgerEventData data = decoded.data();
        if (state == null) {
            return open(data, time, states);
        }
        if (data instanceof AccountEntry entry) {
            return applyEntry(state, entry, time, actor(decoded), writes.entries);
        }
        if (data instanceof AccountStatusChanged changed) {
            if (!STATUSES.contains(changed.status())) {
                return "its status " + shorten(changed.status()) + " is not one of " + STATUSES;
            }
            state.status = changed.status();
            advanceTo(state, changed.sequence(), time);
            return null;
        }
        if (data instanceof AccountLimitsSet || data instanceof AccountBudgetSet) {
            // Limits and budgets change nothing in these tables; the spending projection keeps them.
            String refusal = AlertProjection.refusal(data, state.scale);
            if (refusal != null) {
                return refusal;
            }
            advanceTo(state, data.sequence(), time);
            return null;
        }
        if (data instanceof PaymentDeclined declined) {
            return applyDecline(state, declined, time, writes);
        }
        if (data instanceof HoldPlaced hold) {
            return applyHoldPlaced(state, hold, time, actor(decoded), writes);
        }
        if (data instanceof HoldReleased released) {
            return applyHoldReleased(state, released, time, writes);
        }
        if (EconomicsRows.handles(data)) {
            String refusal = EconomicsRows.refusal(data, state.currency, state.scale);
            if (refusal != null) {
                return refusal;
            }
            writes.economics.applied(data, time, state.scale);
            advanceTo(state, data.sequence(), time);
            return null;
        }
        if (data instanceof UnrecognizedEvent unrecognized) {
            advance(state, unrecognized, decoded.origin(), time);
            return null;
        }
        return "the account is already open";
    }

    private String open(LedgerEventData data, Instant time, Map<String, AccountState> states) {
        if (!(data instanceof AccountOpened opened)) {
            return "the first event of an account must be " + LedgerEventTypes.ACCOUNT_OPENED;
        }
        if (!isText(opened.currency(), CURRENCY_LENGTH_MAX)) {
            return "its currency is empty, longer than " + CURRENCY_LENGTH_MAX + " characters or holds a NUL";
        }
        if (opened.scale() < 0 || opened.scale() > DecimalAmounts.SCALE_MAX) {
            return "its scale " + opened.scale() + " is not between 0 and " + DecimalAmounts.SCALE_MAX;
        }
        // The codec has checked the name as free text; the column's check counts code points as well.
        String displayName = opened.displayName();
        if (displayName != null && (displayName.isEmpty() || displayName.indexOf('\u0000') >= 0
                || displayName.codePointCount(0, displayName.length()) > AccountOpened.DISPLAY_NAME_LENGTH_MAX)) {
            return "its display name is empty, longer than " + AccountOpened.DISPLAY_NAME_LENGTH_MAX
                    + " characters or holds a NUL";
        }
        if (!isText(opened.kind(), KIND_LENGTH_MAX)) {
            return "its kind is empty, longer than " + KIND_LENGTH_MAX + " characters or holds a NUL";
        }
        long creditLimitMinor;
        try {
            creditLimitMinor = DecimalAmounts.parse(opened.creditLimit(), opened.scale());
        } catch (AmountFormatException e) {
            return "its credit limit is " + e.getMessage();
        }
        if (creditLimitMinor < 0) {
            return "its credit limit is negative: " + opened.creditLimit();
        }
        AccountState state = new AccountState(opened.accountId(), opened.currency(), opened.scale(), opened.kind(),
                STATUS_OPEN, 0, 0, creditLimitMinor, opened.sequence(), time, time, AccountState.VERSION_NONE);
        state.displayName = opened.displayName();
        states.put(state.accountId, state);
        return null;
    }

    /** Who caused the event, as its envelope says; null for events from before actors were recorded. */
    private static String actor(Decoded decoded) {
        return decoded.event() == null ? null : decoded.event().actor();
    }

    private String applyEntry(AccountState state, AccountEntry entry, Instant time, String actor, List<EntryRow> entries) {
        String refusal = checkMovement(state, entry.transferId(), entry.counterpartyAccountId(), entry.currency(),
                entry.scale(), entry.category());
        if (refusal != null) {
            return refusal;
        }
        if (entry.counterpartyAccountId().equals(state.accountId)) {
            return "its counterparty is the account itself";
        }
        long amountMinor;
        long balanceAfterMinor;
        try {
            amountMinor = DecimalAmounts.parse(entry.amount(), state.scale);
            balanceAfterMinor = DecimalAmounts.parse(entry.balanceAfter(), state.scale);
        } catch (AmountFormatException e) {
            return "its amount or balance after is " + e.getMessage();
        }
        if (amountMinor <= 0) {
            return "its amount is not positive: " + entry.amount();
        }
        boolean debit = entry.direction() == AccountEntry.Direction.DEBIT;
        long expectedMinor;
        try {
            expectedMinor = debit
                    ? Math.subtractExact(state.balanceMinor, amountMinor)
                    : Math.addExact(state.balanceMinor, amountMinor);
        } catch (ArithmeticException e) {
            return "the balance would overflow";
        }
        // The event's balanceAfter and the projection's own arithmetic must agree. When they do
        // not, one of them is wrong, and taking the event's word would hide a ledger bug inside
        // an otherwise self-consistent projection. So the entry is refused and handled like a gap:
        // the account stops at its last good version, readers see projection_behind instead of a
        // balance nobody can explain, and an alert fires on the metric.
        if (expectedMinor != balanceAfterMinor) {
            return "its balance after " + entry.balanceAfter() + " is not the previous balance "
                    + DecimalAmounts.format(state.balanceMinor, state.scale) + (debit ? " - " : " + ") + entry.amount()
                    + " = " + DecimalAmounts.format(expectedMinor, state.scale);
        }
        checkFloor(state, expectedMinor, entry);
        if (entry.refundOf() != null && !IdSyntax.isId(entry.refundOf())) {
            return "its refunded transfer id is not a valid id";
        }
        entries.add(new EntryRow(state.accountId, entry.sequence(), entry.transferId(), entry.direction().name(),
                entry.counterpartyAccountId(), amountMinor, entry.currency(), entry.category(),
                shortenDescription(entry.description()), STATUS_POSTED, time, balanceAfterMinor, entry.kind().name(),
                entry.refundOf(), actor));
        state.balanceMinor = expectedMinor;
        state.version = entry.sequence();
        state.updatedAt = time;
        return null;
    }

    private String applyDecline(AccountState state, PaymentDeclined declined, Instant time, Writes writes) {
        String refusal = checkMovement(state, declined.transferId(), declined.counterpartyAccountId(),
                declined.currency(), declined.scale(), declined.category());
        if (refusal != null) {
            return refusal;
        }
        if (!isText(declined.reason(), REASON_LENGTH_MAX)
                || (declined.limit() != null && !isText(declined.limit(), REASON_LENGTH_MAX))
                || (declined.layer() != null && !isText(declined.layer(), KIND_LENGTH_MAX))) {
            return "its reason, limit or layer is empty, too long or holds a NUL";
        }
        long amountMinor;
        try {
            amountMinor = DecimalAmounts.parse(declined.amount(), state.scale);
        } catch (AmountFormatException e) {
            return "its amount is " + e.getMessage();
        }
        writes.declines.add(new DeclineRow(state.accountId, declined.sequence(), declined.transferId(),
                declined.counterpartyAccountId(), amountMinor, declined.currency(), declined.category(),
                declined.reason(), declined.limit(), declined.layer(), time));
        advanceTo(state, declined.sequence(), time);
        return null;
    }

    private String applyHoldPlaced(AccountState state, HoldPlaced hold, Instant time, String actor, Writes writes) {
        String refusal = checkMovement(state, hold.transferId(), hold.counterpartyAccountId(), hold.currency(),
                hold.scale(), hold.category());
        if (refusal != null) {
            return refusal;
        }
        long amountMinor;
        try {
            amountMinor = DecimalAmounts.parse(hold.amount(), state.scale);
        } catch (AmountFormatException e) {
            return "its amount is " + e.getMessage();
        }
        if (amountMinor <= 0) {
            return "its amount is not positive: " + hold.amount();
        }
        long pendingMinor;
        try {
            pendingMinor = Math.addExact(state.pendingMinor, amountMinor);
        } catch (ArithmeticException e) {
            return "the pending amount would overflow";
        }
        writes.entries.add(new EntryRow(state.accountId, hold.sequence(), hold.transferId(),
                AccountEntry.Direction.DEBIT.name(), hold.counterpartyAccountId(), amountMinor, hold.currency(),
                hold.category(), shortenDescription(hold.description()), STATUS_PENDING, time, state.balanceMinor,
                KIND_HOLD, null, actor));
        writes.holds.add(new HoldRow(state.accountId, hold.transferId(), hold.sequence(), amountMinor,
                hold.expiresAt().truncatedTo(ChronoUnit.MICROS)));
        state.pendingMinor = pendingMinor;
        advanceTo(state, hold.sequence(), time);
        return null;
    }

    private String applyHoldReleased(AccountState state, HoldReleased released, Instant time, Writes writes) {
        if (!state.currency.equals(released.currency()) || state.scale != released.scale()) {
            return "its currency " + released.currency() + " is not the account's " + state.currency;
        }
        if (!IdSyntax.isId(released.transferId()) || !HOLD_END_REASONS.contains(released.reason())) {
            return "its transfer id is not a valid id or its reason is not one of " + HOLD_END_REASONS;
        }
        long amountMinor;
        long postedMinor;
        try {
            amountMinor = DecimalAmounts.parse(released.amount(), state.scale);
            postedMinor = DecimalAmounts.parse(released.posted(), state.scale);
        } catch (AmountFormatException e) {
            return "its amount or posted amount is " + e.getMessage();
        }
        if (amountMinor <= 0 || postedMinor < 0 || postedMinor > amountMinor || amountMinor > state.pendingMinor) {
            return "it releases " + released.amount() + " (posting " + released.posted() + ") of "
                    + DecimalAmounts.format(state.pendingMinor, state.scale) + " pending";
        }
        writes.holdEnds.add(new HoldEnd(state.accountId, released.transferId(), released.reason()));
        state.pendingMinor -= amountMinor;
        advanceTo(state, released.sequence(), time);
        return null;
    }

    /** The checks every event that names a transfer and a counterparty shares; null when they pass. */
    private static String checkMovement(AccountState state, String transferId, String counterpartyAccountId,
                                        String currency, int scale, String category) {
        if (!state.currency.equals(currency) || state.scale != scale) {
            return "its currency " + currency + " at scale " + scale + " is not the account's " + state.currency
                    + " at scale " + state.scale;
        }
        if (!IdSyntax.isId(transferId) || !IdSyntax.isId(counterpartyAccountId)) {
            return "its transfer id or counterparty account id is not a valid id";
        }
        // The one definition of valid text that the ledger applies at its edge: what it accepts is projected.
        String problem = category == null ? null : FreeText.problem(category, FreeText.CATEGORY_LENGTH_MAX);
        if (problem != null) {
            return "its category " + problem;
        }
        return null;
    }

    private static void advanceTo(AccountState state, long sequence, Instant time) {
        state.version = sequence;
        state.updatedAt = time;
    }

    /**
     * Re-checks the ledger's floor. A violation is logged, not refused: this projection knows the
     * credit limit only from AccountOpened, and a later limit change in an event type this version
     * does not know yet would make a refusal wrong, while the arithmetic check before is exact.
     */
    private static void checkFloor(AccountState state, long balanceMinor, AccountEntry entry) {
        if ("SYSTEM".equals(state.kind) || balanceMinor >= -state.creditLimitMinor) {
            return;
        }
        log.error("Account {} went below its floor at sequence {}: balance {} with credit limit {}",
                state.accountId, entry.sequence(), DecimalAmounts.format(balanceMinor, state.scale),
                DecimalAmounts.format(state.creditLimitMinor, state.scale));
    }

    private void advance(AccountState state, UnrecognizedEvent event, String origin, Instant time) {
        boolean logged = unrecognizedTypesLogged.size() < UNRECOGNIZED_TYPES_LOGGED_MAX
                && unrecognizedTypesLogged.add(event.type());
        if (logged) {
            log.warn("Event type {} is unknown to this version (first seen at {}); such events advance their "
                    + "account's version without changing its projection", event.type(), origin);
        }
        state.version = event.sequence();
        state.updatedAt = time;
    }

    /** Sets the record aside and holds its account at its version. */
    private static void refuse(Decoded decoded, long version, String reason, String why, SetAside setAside) {
        log.error("Set aside event {} of account {} at sequence {} ({}), {}: {}; the account is held at version {}",
                shorten(decoded.event().type()), decoded.data().accountId(), decoded.data().sequence(),
                decoded.origin(), reason, why, version);
        setAside.record(decoded.input(), decoded.data().accountId(), decoded.data().sequence(), reason, why);
        setAside.hold(decoded.data().accountId(), reason, why, version, decoded.data().sequence(),
                decoded.input().timestamp());
    }

    static final String REASON_MALFORMED = "malformed";
    static final String REASON_GAP = "gap";
    static final String REASON_INTEGRITY = "integrity";
    static final String REASON_INVARIANT = "invariant";
    static final String REASON_FAILURE = "failure";
    /** How often a record is tried on its own before it is set aside as one that cannot be projected. */
    static final int RECORD_ATTEMPTS = 2;
    /** More records of one batch than this failing on their own is a database fault, not bad records. */
    static final int FAILED_RECORDS_MAX = 10;

    /**
     * What a batch sets aside and which accounts it holds or releases, written in the batch's
     * transaction after its projections. An account released later in the batch than it was held
     * (its true next event came after the forged one) ends up released.
     */
    private final class SetAside {

        private record Record(ProjectionInput input, String accountId, Long sequence, String reason, String detail) {
        }

        private record Hold(String accountId, String reason, String detail, long version, long sequence, long timestamp) {
        }

        private final List<Record> records = new ArrayList<>();
        private final Map<String, Hold> holds = new HashMap<>();
        private final Set<String> released = new LinkedHashSet<>();
        private final List<ProjectionInput> resolved = new ArrayList<>();
        private final List<ProjectionInput> unreadable = new ArrayList<>();

        /** A record that could not be read, but names an account and carries a link. */
        void unreadable(ProjectionInput input) {
            unreadable.add(input);
        }

        List<ProjectionInput> unreadable() {
            return unreadable;
        }
        private Set<String> heldBefore = Set.of();

        /** The accounts that were held when the batch began. */
        void heldBefore(Set<String> accountIds) {
            heldBefore = accountIds;
        }

        /** @return the accounts held before the batch that it has released */
        Set<String> releasedAccounts() {
            return released;
        }

        /** A record set aside earlier that is now applied or a duplicate: it is no longer set aside. */
        void resolved(ProjectionInput input) {
            resolved.add(input);
        }

        void record(ProjectionInput input, String accountId, Long sequence, String reason, String detail) {
            records.add(new Record(input, accountId, sequence, reason, cut(detail)));
        }

        void hold(String accountId, String reason, String detail, long version, long sequence, long timestamp) {
            released.remove(accountId);
            holds.putIfAbsent(accountId, new Hold(accountId, reason, cut(detail), version, sequence, timestamp));
        }

        void released(String accountId) {
            holds.remove(accountId);
            if (heldBefore.contains(accountId)) {
                released.add(accountId);
            }
        }

        void write() {
            if (!resolved.isEmpty()) {
                jdbc.batchUpdate(DELETE_SET_ASIDE, resolved, WRITE_CHUNK_SIZE, (statement, input) -> {
                    statement.setString(1, input.topic());
                    statement.setInt(2, input.partition());
                    statement.setLong(3, input.offset());
                });
            }
            if (!released.isEmpty()) {
                String[] ids = released.toArray(new String[0]);
                jdbc.update(RELEASE_ACCOUNTS, statement -> statement.setArray(1,
                        statement.getConnection().createArrayOf("VARCHAR", ids)));
            }
            if (!holds.isEmpty()) {
                List<Hold> sorted = holds.values().stream().sorted(Comparator.comparing(Hold::accountId)).toList();
                jdbc.batchUpdate(HOLD_ACCOUNT, sorted, WRITE_CHUNK_SIZE, (statement, hold) -> {
                    statement.setString(1, hold.accountId());
                    statement.setString(2, hold.reason());
                    statement.setString(3, hold.detail());
                    statement.setLong(4, hold.version());
                    statement.setLong(5, hold.sequence());
                    setTime(statement, 6, Instant.ofEpochMilli(hold.timestamp()));
                });
            }
            if (!records.isEmpty()) {
                jdbc.batchUpdate(SET_ASIDE, records, WRITE_CHUNK_SIZE, (statement, record) -> {
                    ProjectionInput input = record.input();
                    byte[] value = input.value();
                    statement.setString(1, input.topic());
                    statement.setInt(2, input.partition());
                    statement.setLong(3, input.offset());
                    setNullableText(statement, 4, record.accountId());
                    if (record.sequence() == null) {
                        statement.setNull(5, Types.BIGINT);
                    } else {
                        statement.setLong(5, record.sequence());
                    }
                    statement.setString(6, record.reason());
                    boolean kept = value == null || value.length <= SET_ASIDE_VALUE_BYTES_MAX;
                    statement.setString(7, kept ? record.detail()
                            : cut(record.detail() + " (its value of " + value.length + " bytes is not kept)"));
                    setNullableText(statement, 8, input.key() == null ? null : cleanKey(input.key()));
                    statement.setBytes(9, kept ? value : null);
                    statement.setBytes(10, input.link());
                    setTime(statement, 11, Instant.ofEpochMilli(input.timestamp()));
                });
            }
        }

        private static String cut(String text) {
            String clean = text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
            return clean.length() <= DETAIL_LENGTH_MAX ? clean : clean.substring(0, DETAIL_LENGTH_MAX) + "…";
        }

        private static String cleanKey(String key) {
            String clean = key.indexOf('\u0000') < 0 ? key : key.replace("\u0000", "");
            return clean.length() <= KEY_LENGTH_MAX ? clean : clean.substring(0, KEY_LENGTH_MAX);
        }
    }

    private void write(Map<String, AccountState> states, Writes writes) {
        // Writing in account id order makes concurrent writers (two instances during a rebalance)
        // take row locks in the same order, so they conflict instead of deadlocking.
        List<AccountState> changed = states.values().stream()
                .filter(AccountState::isChanged)
                .sorted(Comparator.comparing(state -> state.accountId))
                .toList();
        List<AccountState> created = changed.stream().filter(AccountState::isNew).toList();
        List<AccountState> updated = changed.stream().filter(state -> !state.isNew()).toList();
        insertAccounts(created);
        updateAccounts(updated);
        // In key order, inserts that land in the same index page follow one another, and the database
        // writes that page once rather than once per entry (it matters most in a rebuild's large batches).
        writes.entries.sort(ENTRY_KEY_ORDER);
        insertEntries(writes.entries);
        insertHolds(writes.holds);
        endHolds(writes.holdEnds);
        insertDeclines(writes.declines);
        writes.economics.write(jdbc);
    }

    private void insertHolds(List<HoldRow> holds) {
        if (holds.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(INSERT_HOLD, holds, WRITE_CHUNK_SIZE, (statement, hold) -> {
            statement.setString(1, hold.accountId());
            statement.setString(2, hold.transferId());
            statement.setLong(3, hold.entrySequence());
            statement.setLong(4, hold.amountMinor());
            setTime(statement, 5, hold.expiresAt());
        });
        checkInserted(counts, "hold_view");
    }

    /** Runs after the batch's holds are inserted, so a hold placed and ended in one batch ends too. */
    private void endHolds(List<HoldEnd> ends) {
        if (ends.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(END_HOLD_ENTRY, ends, WRITE_CHUNK_SIZE, (statement, end) -> {
            statement.setString(1, end.status());
            statement.setString(2, end.accountId());
            statement.setString(3, end.accountId());
            statement.setString(4, end.transferId());
        });
        int index = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                HoldEnd end = ends.get(index++);
                if (count == 0) {
                    log.warn("Hold {} of account {} ended ({}) but its entry is not in the projection",
                            end.transferId(), end.accountId(), end.status());
                }
            }
        }
        jdbc.batchUpdate(DELETE_HOLD, ends, WRITE_CHUNK_SIZE, (statement, end) -> {
            statement.setString(1, end.accountId());
            statement.setString(2, end.transferId());
        });
    }

    private void insertDeclines(List<DeclineRow> declines) {
        if (declines.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(INSERT_DECLINE, declines, WRITE_CHUNK_SIZE, (statement, decline) -> {
            statement.setString(1, decline.accountId());
            statement.setLong(2, decline.sequence());
            statement.setString(3, decline.transferId());
            statement.setString(4, decline.counterpartyAccountId());
            statement.setLong(5, decline.amountMinor());
            statement.setString(6, decline.currency());
            setNullableText(statement, 7, decline.category());
            statement.setString(8, decline.reason());
            setNullableText(statement, 9, decline.limit());
            setNullableText(statement, 10, decline.layer());
            setTime(statement, 11, decline.occurredAt());
        });
        checkInserted(counts, "decline_view");
    }

    private void insertAccounts(List<AccountState> created) {
        if (created.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(INSERT_ACCOUNT, created, WRITE_CHUNK_SIZE, (statement, state) -> {
            statement.setString(1, state.accountId);
            statement.setString(2, state.currency);
            statement.setInt(3, state.scale);
            statement.setString(4, state.kind);
            statement.setString(5, state.status);
            statement.setLong(6, state.balanceMinor);
            statement.setLong(7, state.pendingMinor);
            statement.setLong(8, state.creditLimitMinor);
            statement.setLong(9, state.version);
            setTime(statement, 10, state.openedAt);
            setTime(statement, 11, state.updatedAt);
            statement.setBytes(12, state.chain);
            statement.setString(13, state.displayName);
        });
        checkInserted(counts, "account_view");
    }

    private void updateAccounts(List<AccountState> updated) {
        if (updated.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(UPDATE_ACCOUNT, updated, WRITE_CHUNK_SIZE, (statement, state) -> {
            statement.setLong(1, state.balanceMinor);
            statement.setLong(2, state.pendingMinor);
            statement.setLong(3, state.version);
            setTime(statement, 4, state.updatedAt);
            statement.setString(5, state.status);
            statement.setBytes(6, state.chain);
            statement.setString(7, state.accountId);
            statement.setLong(8, state.loadedVersion);
        });
        int index = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                AccountState state = updated.get(index++);
                if (count != 1) {
                    throw new OptimisticLockingFailureException("account " + state.accountId
                            + " is no longer at version " + state.loadedVersion
                            + ": another consumer projected it in the meantime");
                }
            }
        }
    }

    private void insertEntries(List<EntryRow> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int[][] counts = jdbc.batchUpdate(INSERT_ENTRY, entries, WRITE_CHUNK_SIZE, (statement, entry) -> {
            statement.setString(1, entry.accountId());
            statement.setLong(2, entry.sequence());
            statement.setString(3, entry.transferId());
            statement.setString(4, entry.direction());
            statement.setString(5, entry.counterpartyAccountId());
            statement.setLong(6, entry.amountMinor());
            statement.setString(7, entry.currency());
            setNullableText(statement, 8, entry.category());
            setNullableText(statement, 9, entry.description());
            statement.setString(10, entry.status());
            setTime(statement, 11, entry.occurredAt());
            statement.setLong(12, entry.balanceAfterMinor());
            statement.setString(13, entry.kind());
            setNullableText(statement, 14, entry.refundOf());
            setNullableText(statement, 15, entry.actor());
        });
        checkInserted(counts, "entry_view");
    }

    /** Drivers that rewrite batched inserts report SUCCESS_NO_INFO instead of a row count. */
    private static void checkInserted(int[][] counts, String table) {
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("an insert into " + table + " reported " + count + " rows");
                }
            }
        }
    }

    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    private static void setNullableText(PreparedStatement statement, int index, String text) throws SQLException {
        if (text == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, text);
        }
    }

    /**
     * A description is display text. Cutting an over-long one keeps the account moving, where
     * refusing the entry would stall its balance for a cosmetic field; the cut is deterministic,
     * so a rebuild produces the same row.
     */
    private static String shortenDescription(String description) {
        if (description == null) {
            return null;
        }
        // PostgreSQL cannot store NUL in text; dropping it is the same kind of cosmetic repair.
        String text = description.indexOf('\u0000') < 0 ? description : description.replace("\u0000", "");
        if (text.length() <= DESCRIPTION_LENGTH_MAX) {
            return text;
        }
        int end = DESCRIPTION_LENGTH_MAX;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Non-empty, bounded, and free of NUL, which PostgreSQL refuses in text columns. */
    private static boolean isText(String text, int lengthMax) {
        return text != null && !text.isEmpty() && text.length() <= lengthMax && text.indexOf('\u0000') < 0;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private record Decoded(ProjectionInput input, LedgerEvent event) {
        String origin() {
            return input.origin();
        }

        LedgerEventData data() {
            return event.data();
        }
    }

    private static final Comparator<EntryRow> ENTRY_KEY_ORDER =
            Comparator.comparing(EntryRow::accountId).thenComparingLong(EntryRow::sequence);

    private record EntryRow(
            String accountId,
            long sequence,
            String transferId,
            String direction,
            String counterpartyAccountId,
            long amountMinor,
            String currency,
            String category,
            String description,
            String status,
            Instant occurredAt,
            long balanceAfterMinor,
            String kind,
            String refundOf,
            String actor) {
    }

    private record HoldRow(String accountId, String transferId, long entrySequence, long amountMinor,
                           Instant expiresAt) {
    }

    private record HoldEnd(String accountId, String transferId, String status) {
    }

    private record DeclineRow(String accountId, long sequence, String transferId, String counterpartyAccountId,
                              long amountMinor, String currency, String category, String reason, String limit,
                              String layer, Instant occurredAt) {
    }

    /** Everything one batch writes besides the account rows, in the order it is applied. */
    private static final class Writes {

        final List<EntryRow> entries;
        final List<HoldRow> holds = new ArrayList<>();
        final List<HoldEnd> holdEnds = new ArrayList<>();
        final List<DeclineRow> declines = new ArrayList<>();
        final EconomicsRows economics = new EconomicsRows();

        Writes(int eventCount) {
            entries = new ArrayList<>(eventCount);
        }
    }
}
