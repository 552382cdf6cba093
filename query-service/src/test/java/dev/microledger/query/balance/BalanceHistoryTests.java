package dev.microledger.query.balance;

import dev.microledger.query.account.AccountRow;
import dev.microledger.query.consuming.TestProjection;
import dev.microledger.query.support.SpendingScenario;
import dev.microledger.query.support.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Balances at past instants of the {@link SpendingScenario}'s payer, against hand-computed numbers. */
class BalanceHistoryTests {

    private TestProjection projection;
    private SpendingScenario scenario;
    private BalanceHistory history;

    @BeforeEach
    void project() {
        projection = new TestProjection("balance-at");
        scenario = new SpendingScenario(new TestLedger(), "");
        projection.apply(scenario.events);
        history = new BalanceHistory(projection.jdbc());
    }

    // The test ledger gives every event its own millisecond: the top-up's debit on funding is at
    // 00:00:00.000, its credit on alice at 00:00:00.001.
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-09-01T00:00:00Z,     0",          // before the account was opened
            "2026-10-01T00:00:00Z,     0",          // before its first entry
            "2026-10-01T00:00:00.001Z, 100000000",  // at its first entry, which counts
            "2026-10-31T15:00:00Z,     99997500",   // between t-oct and t-nov-1
            "2026-11-02T12:00:00Z,     97492500",   // after t-game (4) and the refund of 1.5
            "2026-11-03T02:05:00Z,     97492500",   // a pending hold moves nothing
            "2026-11-03T02:10:00.002Z, 95492500",   // the hold posted for 2
            "2026-11-06T05:00:00Z,     95492500",   // at the placement of h-4
            "2030-01-01T00:00:00Z,     94742500"    // after the last entry: the balance now
    })
    void theBalanceAtAnInstantIsTheOneAfterTheLastEntryAtOrBeforeIt(String at, long balanceMinor) {
        assertThat(history.balanceAtMinor(projection.account(scenario.alice), Instant.parse(at))).isEqualTo(balanceMinor);
    }

    @Test
    void anAccountWithoutEntriesHasNothingBeforeOrAfterAnyInstant() {
        TestLedger ledger = new TestLedger();
        ledger.at(Instant.parse("2026-10-01T00:00:00Z"));
        projection.apply(List.of(ledger.open("quiet", "USER", "USD", 6, "0"),
                ledger.limits("quiet", null, "1", null, null, "UTC"),
                ledger.declined("quiet", "t-1", "shop", "5", "insufficient_funds", null, null)));
        AccountRow quiet = projection.account("quiet");

        assertThat(history.balanceAtMinor(quiet, Instant.parse("2030-01-01T00:00:00Z"))).isZero();
        assertThat(history.range(quiet, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")))
                .isEqualTo(new BalanceHistory.SequenceRange(0, 0));
    }

    @Test
    void aPeriodIsTheRangeOfSequencesOfItsEntriesWhateverEventsLieBetween() {
        AccountRow alice = projection.account(scenario.alice);

        // November in Seoul starts with t-nov-1 (sequence 5) and its last entry is t-tip (17); the
        // declines after it (18, 19) are no entries, so the range ends just after t-tip.
        BalanceHistory.SequenceRange november = history.range(alice, Instant.parse("2026-10-31T15:00:00Z"),
                Instant.parse("2026-11-30T15:00:00Z"));

        assertThat(november).isEqualTo(new BalanceHistory.SequenceRange(5, 18));
        assertThat(history.balanceBelowMinor(scenario.alice, november.from())).isEqualTo(99_997_500);
        assertThat(history.balanceBelowMinor(scenario.alice, november.to())).isEqualTo(94_742_500);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-10-01T00:00:00.001Z, 0",          // the entry at that very instant is not applied yet
            "2026-10-01T00:00:00.002Z, 100000000",
    })
    void theBalanceBeforeAnInstantLeavesOutEntriesAtIt(String at, long balanceMinor) {
        assertThat(history.balanceBeforeMinor(projection.account(scenario.alice), Instant.parse(at))).isEqualTo(balanceMinor);
    }
}
