package dev.microledger.bench.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Reads ledger-service's event store after the run and holds it against what the clients were
 * told: every acknowledged transfer must be there as exactly one debit event on its debit
 * account and one credit event on its credit account, with the amount asked for; nothing else
 * may move money; each account's balance after every event must follow from the one before; no
 * debit may leave a USER or MERCHANT account under its floor; and each account must end at the
 * sum of its acknowledged transfers. It reads with ledger-service's own login, and only reads.
 */
final class StoreCheck {

    static final String DEBITED = "dev.microledger.ledger.account.AccountDebitedEvent";
    static final String CREDITED = "dev.microledger.ledger.account.AccountCreditedEvent";
    private static final int FETCH_SIZE = 10_000;
    private static final int EXAMPLES_MAX = 5;

    /**
     * What the event store holds against the book.
     *
     * @param events               debit and credit events read
     * @param acknowledged         acknowledged transfers in the book
     * @param exactlyOnce          of them, with exactly one debit and one credit event
     * @param lost                 acknowledged, but with no debit or no credit event
     * @param duplicated           acknowledged, with more than one debit or credit event
     * @param mismatched           events of an acknowledged transfer on another account or with another amount
     * @param unacknowledged       events of transfers the clients never saw acknowledged (nor left unanswered)
     * @param balanceBreaks        events whose balance after is not the previous one plus or minus the amount
     * @param underFloor           debit events that left a USER or MERCHANT account under its floor
     * @param balanceMismatches    accounts whose last balance is not the sum of their acknowledged transfers
     * @param lowestBalanceMinor   the lowest balance any USER or MERCHANT account had after any event
     * @param transferRecords      rows of the ledger's transfer registry
     * @param accountVersions      each account's last sequence number: the version query-service must reach
     * @param examples             a few of the problems, for the report
     * @param lostIds              the lost transfers' ids
     * @param duplicatedIds        the duplicated transfers' ids
     */
    record Result(long events, long acknowledged, long exactlyOnce, long lost, long duplicated, long mismatched,
                  long unacknowledged, long balanceBreaks, long underFloor, long balanceMismatches, long lowestBalanceMinor,
                  long transferRecords, @JsonIgnore Map<String, Long> accountVersions, List<String> examples,
                  @JsonIgnore Set<String> lostIds, @JsonIgnore Set<String> duplicatedIds) {

        boolean passed() {
            return lost == 0 && duplicated == 0 && mismatched == 0 && unacknowledged == 0 && balanceBreaks == 0
                    && underFloor == 0 && balanceMismatches == 0 && exactlyOnce == acknowledged;
        }
    }

    private StoreCheck() {
    }

    static Result run(String jdbcUrl, String username, String password, TransferBook book) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            Tally tally = new Tally(book);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT aggregateIdentifier, sequenceNumber, payloadType, e ->> 'transferId', e ->> 'counterpartyAccountId',"
                            + " (e ->> 'amountMinor')::bigint, (e ->> 'balanceAfterMinor')::bigint"
                            + " FROM (SELECT aggregateIdentifier, sequenceNumber, payloadType,"
                            + " convert_from(payload, 'UTF8')::jsonb AS e FROM DomainEventEntry WHERE payloadType IN (?, ?)) events"
                            + " ORDER BY aggregateIdentifier, sequenceNumber")) {
                statement.setString(1, DEBITED);
                statement.setString(2, CREDITED);
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tally.event(rows.getString(1), rows.getString(3).equals(DEBITED), rows.getString(4), rows.getString(5),
                                rows.getLong(6), rows.getLong(7));
                    }
                }
            }
            Map<String, Long> versions = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT aggregateIdentifier, MAX(sequenceNumber) FROM DomainEventEntry GROUP BY aggregateIdentifier")) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
            long transferRecords;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM transfer_record")) {
                rows.next();
                transferRecords = rows.getLong(1);
            }
            connection.rollback();
            return tally.result(transferRecords, versions);
        }
    }

    /** The event store's events, one at a time in account and sequence order, against the book. */
    private static final class Tally {

        private final TransferBook book;
        /** Transfer id to {debit events, credit events}. */
        private final Map<String, int[]> sides = new HashMap<>();
        private final Map<String, Long> finalBalances = new HashMap<>();
        private final List<String> examples = new ArrayList<>();
        private String account;
        private long running;
        long events;
        long mismatched;
        long unacknowledged;
        long balanceBreaks;
        long underFloor;
        long lowestBalanceMinor;

        Tally(TransferBook book) {
            this.book = book;
        }

        void event(String accountId, boolean debit, String transferId, String counterparty, long amountMinor,
                long balanceAfterMinor) {
            events++;
            if (!accountId.equals(account)) {
                account = accountId;
                running = 0;
            }
            running = debit ? Math.subtractExact(running, amountMinor) : Math.addExact(running, amountMinor);
            if (running != balanceAfterMinor) {
                balanceBreaks++;
                example("balance of " + accountId + " after " + transferId + " is " + balanceAfterMinor + ", the events before it"
                        + " make it " + running);
                running = balanceAfterMinor;
            }
            finalBalances.put(accountId, running);
            TransferBook.Account known = book.account(accountId);
            if (known != null && known.hasFloor()) {
                lowestBalanceMinor = Math.min(lowestBalanceMinor, balanceAfterMinor);
                if (debit && balanceAfterMinor < known.floorMinor()) {
                    underFloor++;
                    example(transferId + " left " + accountId + " at " + balanceAfterMinor + ", under its floor " + known.floorMinor());
                }
            }
            TransferBook.Transfer transfer = book.postedTransfer(transferId);
            if (transfer == null) {
                if (!book.isUnresolved(transferId)) {
                    unacknowledged++;
                    example((debit ? "debit" : "credit") + " event of " + transferId + " on " + accountId
                            + ", a transfer no client saw acknowledged");
                }
                return;
            }
            String expectedAccount = debit ? transfer.debitAccountId() : transfer.creditAccountId();
            String expectedCounterparty = debit ? transfer.creditAccountId() : transfer.debitAccountId();
            if (!accountId.equals(expectedAccount) || !expectedCounterparty.equals(counterparty)
                    || amountMinor != transfer.amountMinor()) {
                mismatched++;
                example((debit ? "debit" : "credit") + " event of " + transferId + " on " + accountId + " for " + amountMinor
                        + " does not match the request " + transfer);
                return;
            }
            sides.computeIfAbsent(transferId, id -> new int[2])[debit ? 0 : 1]++;
        }

        Result result(long transferRecords, Map<String, Long> versions) {
            long exactlyOnce = 0;
            Set<String> lost = new java.util.TreeSet<>();
            Set<String> duplicated = new java.util.TreeSet<>();
            for (String transferId : book.posted().keySet()) {
                int[] counts = sides.getOrDefault(transferId, new int[2]);
                if (counts[0] == 1 && counts[1] == 1) {
                    exactlyOnce++;
                    continue;
                }
                if (counts[0] == 0 || counts[1] == 0) {
                    lost.add(transferId);
                }
                if (counts[0] > 1 || counts[1] > 1) {
                    duplicated.add(transferId);
                }
                example("acknowledged " + transferId + " has " + counts[0] + " debit and " + counts[1] + " credit events");
            }
            long balanceMismatches = 0;
            for (Map.Entry<String, Long> expected : book.expectedBalances().entrySet()) {
                long stored = finalBalances.getOrDefault(expected.getKey(), 0L);
                if (stored != expected.getValue()) {
                    balanceMismatches++;
                    example(expected.getKey() + " ends at " + stored + " in the event store, its acknowledged transfers make "
                            + expected.getValue());
                }
            }
            return new Result(events, book.postedCount(), exactlyOnce, lost.size(), duplicated.size(), mismatched,
                    unacknowledged, balanceBreaks, underFloor, balanceMismatches, lowestBalanceMinor, transferRecords, versions,
                    List.copyOf(examples), Set.copyOf(lost), Set.copyOf(duplicated));
        }

        private void example(String text) {
            if (examples.size() < EXAMPLES_MAX) {
                examples.add(text);
            }
        }
    }
}
