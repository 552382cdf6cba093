package dev.microledger.query.account;

import dev.microledger.query.consuming.ProjectionCommits;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;

/**
 * Finds an account in the projection, waiting for a given version first when the client asks
 * for one: the read-your-writes half of the contract. A writer gets the account's version from
 * the ledger-service and passes it as {@code minVersion}; this waits until the projection has
 * applied that version, woken by each projection commit and re-checking now and then in case a
 * signal was missed.
 */
@Component
public class AccountLookup {

    /** The API documentation of {@code minVersion}, which every account-scoped endpoint accepts. */
    public static final String MIN_VERSION = "Wait, for a bounded time, until the projection has applied this version "
            + "of the account, else answer 503 projection_behind; a non-negative integer";

    private static final String SELECT_ACCOUNT = """
            SELECT account_id, currency, scale, kind, status, balance_minor, pending_minor, credit_limit_minor,
                   version, opened_at, updated_at, display_name
              FROM account_view
             WHERE account_id = ?""";

    private static final String SELECT_HELD = """
            SELECT reason, detail, version, sequence, held_since FROM held_account WHERE account_id = ?""";

    private final JdbcTemplate jdbc;
    private final ProjectionCommits commits;
    private final MinVersionSettings settings;
    private final Semaphore waiters;

    AccountLookup(JdbcTemplate jdbc, ProjectionCommits commits, MinVersionSettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.settings = settings;
        this.waiters = new Semaphore(settings.waitersMax());
        Gauge.builder("query.reads.waiting", this, AccountLookup::waitersNow)
                .description("Requests waiting for the projection to reach their minVersion")
                .register(meters);
    }

    /**
     * The account, once the projection has reached {@code minVersion} if one is given.
     *
     * @throws QueryProblem {@code account_not_found} without minVersion when there is no such
     *                      account; {@code projection_behind} when minVersion is not reached in time.
     *                      With minVersion, a missing account is "behind" rather than "not found":
     *                      the client knows the account exists, and its opening may simply not be
     *                      projected yet.
     */
    public AccountRow require(String accountId, OptionalLong minVersion) {
        requireNotHeld(accountId);
        if (minVersion.isEmpty()) {
            return find(accountId).orElseThrow(() -> new QueryProblem(ProblemCode.ACCOUNT_NOT_FOUND,
                    "There is no account " + accountId + "."));
        }
        return await(accountId, minVersion.getAsLong());
    }

    /**
     * Refuses to answer for an account whose next record was set aside: its rows are the last ones
     * that could be vouched for, and a newer state exists in the ledger.
     */
    private void requireNotHeld(String accountId) {
        List<QueryProblem> held = jdbc.query(SELECT_HELD, (row, rowNumber) -> new QueryProblem(ProblemCode.ACCOUNT_HELD,
                "The projection of account " + accountId + " is held at version " + row.getLong("version")
                        + ": its event at sequence " + row.getLong("sequence") + " was set aside ("
                        + row.getString("reason") + ": " + row.getString("detail") + "). It resumes when the ledger's "
                        + "true event arrives; an operator can look at the set-aside records or rebuild the projection.",
                Map.of("accountId", accountId, "reason", row.getString("reason"), "heldVersion", row.getLong("version"),
                        "heldSince", row.getObject("held_since", OffsetDateTime.class).toInstant().toString())),
                accountId);
        if (!held.isEmpty()) {
            throw held.get(0);
        }
    }

    Optional<AccountRow> find(String accountId) {
        List<AccountRow> rows = jdbc.query(SELECT_ACCOUNT, AccountLookup::toRow, accountId);
        return rows.stream().findFirst();
    }

    private AccountRow await(String accountId, long minVersion) {
        long generation = commits.generation();
        Optional<AccountRow> row = find(accountId);
        if (reached(row, minVersion)) {
            return row.get();
        }
        if (!waiters.tryAcquire()) {
            throw behind(accountId, minVersion, row, "too many requests are waiting already");
        }
        try {
            long deadlineNanos = System.nanoTime() + settings.waitMillis() * 1_000_000;
            while (true) {
                long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0 || Thread.currentThread().isInterrupted()) {
                    throw behind(accountId, minVersion, row, "waited " + settings.waitMillis() + " ms");
                }
                commits.awaitCommitAfter(generation, Math.min(remainingMillis, settings.recheckMillis()));
                generation = commits.generation();
                row = find(accountId);
                if (reached(row, minVersion)) {
                    return row.get();
                }
            }
        } finally {
            waiters.release();
        }
    }

    /** How many requests are waiting for a version right now; also published as a gauge. */
    int waitersNow() {
        return settings.waitersMax() - waiters.availablePermits();
    }

    private static boolean reached(Optional<AccountRow> row, long minVersion) {
        return row.isPresent() && row.get().version() >= minVersion;
    }

    private static QueryProblem behind(String accountId, long minVersion, Optional<AccountRow> row, String why) {
        String reached = row.map(account -> "has reached version " + account.version() + " of account " + accountId)
                .orElse("has not seen account " + accountId + " yet");
        return new QueryProblem(ProblemCode.PROJECTION_BEHIND,
                "The projection " + reached + ", not version " + minVersion + " (" + why + "); try again shortly.");
    }

    private static AccountRow toRow(ResultSet row, int rowNumber) throws SQLException {
        return AccountRow.read(row);
    }
}
