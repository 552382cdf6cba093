package dev.microledger.query.support;

import dev.microledger.events.LedgerEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One payer's October and November in Asia/Seoul (UTC+9), in USD at scale 6, with the numbers the
 * tests expect worked out by hand below. Account ids carry a prefix, so a shared database can
 * hold many runs.
 * <pre>
 * 2026-10-01T00:00Z  top-up 100 from funding                         (Seoul 10-01)
 * 2026-10-01T01:00Z  limits: perTransfer 5, daily 20, monthly 100, Asia/Seoul; budget 30 [0.5, 0.8, 1]
 * 2026-10-31T14:59Z  t-oct   0.0025 to news   (news)                  (Seoul 10-31 23:59: October)
 * 2026-10-31T15:30Z  t-nov-1 0.0025 to news   (news)                  (Seoul 11-01 00:30: November)
 * 2026-11-01T01:00Z  t-nov-2 0.0025 to news   (news)                  (Seoul 11-01)
 * 2026-11-02T03:00Z  t-game  4 to game        (games)                 (Seoul 11-02)
 * 2026-11-02T04:00Z  r-1: game refunds 1.5 of t-game
 * 2026-11-03T02:00Z  hold h-1 3 to game, posted 2 at 02:10           (Seoul 11-03)
 * 2026-11-04T02:00Z  hold h-2 2.5, voided at 03:00                    (Seoul 11-04)
 * 2026-11-05T02:00Z  hold h-3 1, expired 2026-11-06T02:00Z            (Seoul 11-05, 11-06)
 * 2026-11-06T05:00Z  hold h-4 0.5, still pending                      (Seoul 11-06)
 * 2026-11-07T03:00Z  t-tip   0.75 to tips     (tips)                  (Seoul 11-07)
 * 2026-11-08T03:00Z  declined: 500 insufficient_funds; 30 limit_exceeded (daily, account)
 *
 * November: spent 0.0025 + 0.0025 + 4 + 2 + 0.75 = 6.755 in 5 payments (the held 3 counts as the
 * 2 posted, on 11-03; voided, expired and pending holds spend nothing); refunded 1.5.
 * Limit usage as the ledger counts it, November: 0.005 + 4 + (3 - 1) + (2.5 - 2.5) + (1 - 1) + 0.5
 * + 0.75 = 7.255; on 11-07: 0.75. Balance: 100 - 0.0025 (October) = 99.9975 at the start of
 * November, 99.9975 - 6.755 + 1.5 = 94.7425 at its end.
 * </pre>
 */
public final class SpendingScenario {

    public final String funding;
    public final String alice;
    public final String news;
    public final String game;
    public final String tips;
    public final List<LedgerEvent> events;

    public SpendingScenario(TestLedger ledger, String prefix) {
        funding = prefix + "funding";
        alice = prefix + "alice";
        news = prefix + "news";
        game = prefix + "game";
        tips = prefix + "tips";
        List<LedgerEvent> all = new ArrayList<>();
        ledger.at(Instant.parse("2026-09-30T00:00:00Z"));
        all.add(ledger.open(funding, "SYSTEM", "USD", 6, "0"));
        all.add(ledger.open(alice, "USER", "USD", 6, "0"));
        all.add(ledger.open(news, "MERCHANT", "USD", 6, "0"));
        all.add(ledger.open(game, "MERCHANT", "USD", 6, "0"));
        all.add(ledger.open(tips, "MERCHANT", "USD", 6, "0"));
        ledger.at(Instant.parse("2026-10-01T00:00:00Z"));
        all.addAll(ledger.transfer(prefix + "top-up", funding, alice, "100", "top-up"));
        ledger.at(Instant.parse("2026-10-01T01:00:00Z"));
        all.add(ledger.limits(alice, "5", "20", "100", null, "Asia/Seoul"));
        all.add(ledger.budget(alice, "30", "0.5", "0.8", "1"));
        ledger.at(Instant.parse("2026-10-31T14:59:00Z"));
        all.addAll(ledger.transfer(prefix + "t-oct", alice, news, "0.0025", "news"));
        ledger.at(Instant.parse("2026-10-31T15:30:00Z"));
        all.addAll(ledger.transfer(prefix + "t-nov-1", alice, news, "0.0025", "news"));
        ledger.at(Instant.parse("2026-11-01T01:00:00Z"));
        all.addAll(ledger.transfer(prefix + "t-nov-2", alice, news, "0.0025", "news"));
        ledger.at(Instant.parse("2026-11-02T03:00:00Z"));
        all.addAll(ledger.transfer(prefix + "t-game", alice, game, "4", "games"));
        ledger.at(Instant.parse("2026-11-02T04:00:00Z"));
        all.addAll(ledger.refund(prefix + "r-1", prefix + "t-game", game, alice, "1.5"));
        ledger.at(Instant.parse("2026-11-03T02:00:00Z"));
        all.add(ledger.hold(prefix + "h-1", alice, game, "3"));
        ledger.at(Instant.parse("2026-11-03T02:10:00Z"));
        all.addAll(ledger.postHold(prefix + "h-1", alice, game, "3", "2"));
        ledger.at(Instant.parse("2026-11-04T02:00:00Z"));
        all.add(ledger.hold(prefix + "h-2", alice, game, "2.5"));
        ledger.at(Instant.parse("2026-11-04T03:00:00Z"));
        all.add(ledger.release(prefix + "h-2", alice, "2.5", "VOIDED"));
        ledger.at(Instant.parse("2026-11-05T02:00:00Z"));
        all.add(ledger.hold(prefix + "h-3", alice, game, "1"));
        ledger.at(Instant.parse("2026-11-06T02:00:00Z"));
        all.add(ledger.release(prefix + "h-3", alice, "1", "EXPIRED"));
        ledger.at(Instant.parse("2026-11-06T05:00:00Z"));
        all.add(ledger.hold(prefix + "h-4", alice, game, "0.5"));
        ledger.at(Instant.parse("2026-11-07T03:00:00Z"));
        all.addAll(ledger.transfer(prefix + "t-tip", alice, tips, "0.75", "tips"));
        ledger.at(Instant.parse("2026-11-08T03:00:00Z"));
        all.add(ledger.declined(alice, prefix + "t-big", game, "500", "insufficient_funds", null, null));
        all.add(ledger.declined(alice, prefix + "t-over", game, "30", "limit_exceeded", "daily", "account"));
        events = List.copyOf(all);
    }
}
