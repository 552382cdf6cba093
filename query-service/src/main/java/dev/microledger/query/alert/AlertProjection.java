package dev.microledger.query.alert;

import dev.microledger.events.AccountBudgetSet;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountLimitsSet;
import dev.microledger.events.AmountFormatException;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.HoldPlaced;
import dev.microledger.events.HoldReleased;
import dev.microledger.events.LedgerEventData;
import dev.microledger.query.spending.SpendingSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spending-awareness part of the projection: keeps each account's limits, budget and running
 * usage in {@code spending_account} and raises its alerts into {@code alert_view} as the events
 * are applied. It takes part in the projector's batch (see {@link #begin}): it reads what the
 * batch needs once, changes it in memory event by event, and writes it in the projector's
 * transaction. Alerts are decided from the events and their times alone, never from the clock,
 * so a rebuild from the topic raises exactly the same alerts, however the events are batched.
 */
@Component
public class AlertProjection {

    /** The ledger's own bound on a budget's thresholds. */
    static final int ALERT_THRESHOLDS_MAX = 10;
    static final BigDecimal THRESHOLD_MAX = BigDecimal.TEN;
    static final int THRESHOLDS_TEXT_LENGTH_MAX = 400;
    static final int TIMEZONE_LENGTH_MAX = 64;
    /** Bounds the id arrays of one SELECT, like the projector's own loads. */
    static final int LOAD_CHUNK_SIZE = 500;

    /** Joined with the unnested ids for the reason {@code Projector} gives for its account rows. */
    private static final String SELECT_STATES = """
            SELECT s.* FROM UNNEST(?) AS ids(account_id) JOIN spending_account s ON s.account_id = ids.account_id""";
    // The hold's placement time is the time of its HOLD entry; hold_view leads to it by primary key.
    private static final String SELECT_HOLD_PLACEMENTS = """
            SELECT h.account_id, h.transfer_id, e.occurred_at
              FROM hold_view h
              JOIN entry_view e ON e.account_id = h.account_id AND e.sequence = h.entry_sequence
             WHERE h.account_id = ANY (?) AND h.transfer_id = ANY (?)""";

    private final JdbcTemplate jdbc;
    private final SpendingSettings settings;

    public AlertProjection(JdbcTemplate jdbc, SpendingSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * Starts the spending part of one projector batch: loads the rows of the accounts whose events
     * in {@code events} can change them, and the placement times of the holds the batch ends.
     */
    public AlertBatch begin(List<? extends LedgerEventData> events) {
        Set<String> accountIds = new LinkedHashSet<>();
        Set<HoldKey> releases = new LinkedHashSet<>();
        for (LedgerEventData data : events) {
            if (changesState(data)) {
                accountIds.add(data.accountId());
            }
            if (data instanceof HoldReleased released) {
                releases.add(new HoldKey(released.accountId(), released.transferId()));
            }
        }
        return new AlertBatch(jdbc, settings, loadStates(accountIds), loadPlacements(releases));
    }

    /**
     * Re-checks a limits or budget event before the projector applies it; null when it holds what
     * the ledger guarantees, else why not. Other events pass.
     */
    public static String refusal(LedgerEventData data, int scale) {
        if (data instanceof AccountLimitsSet limits) {
            return refusalOfLimits(limits, scale);
        }
        if (data instanceof AccountBudgetSet budget) {
            return refusalOfBudget(budget, scale);
        }
        return null;
    }

    private static String refusalOfLimits(AccountLimitsSet limits, int scale) {
        for (String amount : new String[] {limits.perTransfer(), limits.daily(), limits.monthly()}) {
            if (amount == null) {
                continue;
            }
            try {
                if (DecimalAmounts.parse(amount, scale) <= 0) {
                    return "its limit " + amount + " is not positive";
                }
            } catch (AmountFormatException e) {
                return "its limit is " + e.getMessage();
            }
        }
        if (limits.perMinuteCount() != null && limits.perMinuteCount() < 1) {
            return "its perMinuteCount " + limits.perMinuteCount() + " is not positive";
        }
        if (limits.timezone() == null || limits.timezone().length() > TIMEZONE_LENGTH_MAX) {
            return "its timezone is missing or longer than " + TIMEZONE_LENGTH_MAX + " characters";
        }
        try {
            ZoneId.of(limits.timezone());
        } catch (DateTimeException e) {
            return "its timezone " + limits.timezone() + " is not a time zone";
        }
        return null;
    }

    private static String refusalOfBudget(AccountBudgetSet budget, int scale) {
        try {
            if (DecimalAmounts.parse(budget.monthly(), scale) <= 0) {
                return "its monthly budget " + budget.monthly() + " is not positive";
            }
        } catch (AmountFormatException e) {
            return "its monthly budget is " + e.getMessage();
        }
        List<BigDecimal> thresholds = budget.alertThresholds();
        if (thresholds.size() > ALERT_THRESHOLDS_MAX) {
            return "it has " + thresholds.size() + " alert thresholds, more than " + ALERT_THRESHOLDS_MAX;
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (BigDecimal threshold : thresholds) {
            if (threshold.compareTo(previous) <= 0 || threshold.compareTo(THRESHOLD_MAX) > 0) {
                return "its alert thresholds " + thresholds + " are not ascending shares above 0 and at most 10";
            }
            previous = threshold;
        }
        if (SpendingState.formatThresholds(thresholds).length() > THRESHOLDS_TEXT_LENGTH_MAX) {
            return "its alert thresholds are longer than " + THRESHOLDS_TEXT_LENGTH_MAX + " characters";
        }
        return null;
    }

    /**
     * Whether the entry is spending: a payment (posted at once or a hold's posting) going out. A
     * refund, a fee, a bill payment or a payout is money moving, not spending.
     */
    static boolean isSpending(AccountEntry entry) {
        return entry.direction() == AccountEntry.Direction.DEBIT && (entry.kind() == AccountEntry.Kind.PAYMENT
                || entry.kind() == AccountEntry.Kind.HOLD_CAPTURE);
    }

    /** Whether applying the event may change the account's spending row. */
    private static boolean changesState(LedgerEventData data) {
        if (data instanceof AccountEntry entry) {
            return isSpending(entry);
        }
        return data instanceof HoldPlaced || data instanceof HoldReleased || data instanceof AccountLimitsSet
                || data instanceof AccountBudgetSet;
    }

    private Map<String, SpendingState> loadStates(Set<String> accountIds) {
        Map<String, SpendingState> states = new HashMap<>();
        List<String> ids = new ArrayList<>(accountIds);
        for (int from = 0; from < ids.size(); from += LOAD_CHUNK_SIZE) {
            String[] chunk = ids.subList(from, Math.min(ids.size(), from + LOAD_CHUNK_SIZE)).toArray(new String[0]);
            jdbc.query(SELECT_STATES, statement -> statement.setArray(1,
                    statement.getConnection().createArrayOf("VARCHAR", chunk)), (RowCallbackHandler) row -> {
                SpendingState state = SpendingState.read(row);
                states.put(state.accountId, state);
            });
        }
        return states;
    }

    private Map<HoldKey, Instant> loadPlacements(Set<HoldKey> releases) {
        Map<HoldKey, Instant> placements = new HashMap<>();
        List<HoldKey> keys = new ArrayList<>(releases);
        for (int from = 0; from < keys.size(); from += LOAD_CHUNK_SIZE) {
            List<HoldKey> chunk = keys.subList(from, Math.min(keys.size(), from + LOAD_CHUNK_SIZE));
            String[] accountIds = chunk.stream().map(HoldKey::accountId).distinct().toArray(String[]::new);
            String[] transferIds = chunk.stream().map(HoldKey::transferId).distinct().toArray(String[]::new);
            // The two arrays select a superset of the keys (every pairing of their values); the
            // exact keys are picked out here.
            jdbc.query(SELECT_HOLD_PLACEMENTS, statement -> {
                statement.setArray(1, statement.getConnection().createArrayOf("VARCHAR", accountIds));
                statement.setArray(2, statement.getConnection().createArrayOf("VARCHAR", transferIds));
            }, (RowCallbackHandler) row -> {
                HoldKey key = new HoldKey(row.getString("account_id"), row.getString("transfer_id"));
                if (releases.contains(key)) {
                    placements.put(key, row.getObject("occurred_at", OffsetDateTime.class).toInstant());
                }
            });
        }
        return placements;
    }

    /** A hold: its paying account and its transfer. */
    record HoldKey(String accountId, String transferId) {
    }
}
