package dev.microledger.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event types of holds, refunds, limits, budgets, declines, account states, fees, bills and settlements. */
class AccountLifecycleEventCodecTests {

    private static final Instant TIME = Instant.parse("2026-11-21T10:00:00.123Z");

    private final LedgerEventCodec codec = new LedgerEventCodec();

    static Stream<LedgerEvent> events() {
        return Stream.of(
                event(LedgerEventTypes.ACCOUNT_STATUS_CHANGED, new AccountStatusChanged("alice", 4, "FROZEN")),
                event(LedgerEventTypes.ACCOUNT_LIMITS_SET,
                        new AccountLimitsSet("alice", 5, "5", null, "100", 30, "Asia/Seoul")),
                event(LedgerEventTypes.ACCOUNT_LIMITS_SET,
                        new AccountLimitsSet("alice", 6, null, null, null, null, "UTC")),
                event(LedgerEventTypes.ACCOUNT_BUDGET_SET, new AccountBudgetSet("alice", 7, "30",
                        List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("1.0")))),
                event(LedgerEventTypes.PAYMENT_DECLINED, new PaymentDeclined("alice", 8, "t-9", "news-co", "0.25",
                        "USD", 6, "news", "limit_exceeded", "daily", "account")),
                event(LedgerEventTypes.PAYMENT_DECLINED, new PaymentDeclined("alice", 9, "t-10", "news-co", "7",
                        "USD", 6, null, "insufficient_funds", null, null)),
                event(LedgerEventTypes.HOLD_PLACED, new HoldPlaced("alice", 10, "t-11", "game-co", "1.5", "USD", 6,
                        "games", "Sword", Instant.parse("2026-11-21T10:05:00.123Z"))),
                event(LedgerEventTypes.HOLD_RELEASED, new HoldReleased("alice", 11, "t-11", "1.5", "1.2", "USD", 6,
                        "POSTED")),
                event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry("alice", 12, AccountEntry.Direction.CREDIT,
                        "r-1", "news-co", "0.1", "USD", 6, "news", null, "3.1", AccountEntry.Kind.REFUND, "t-9")),
                event(LedgerEventTypes.FEES_SET, new AccountFeesSet("news-co", 13, "0.05", "0.001", "0", null,
                        "platform-fees")),
                event(LedgerEventTypes.FEES_SET, new AccountFeesSet("news-co", 14, null, null, null, null, null)),
                event(LedgerEventTypes.PAYOUTS_SET, new AccountPayoutsSet("news-co", 19, "WEEKLY", "payouts", "10",
                        "Asia/Seoul")),
                event(LedgerEventTypes.PAYOUTS_SET, new AccountPayoutsSet("news-co", 20, null, null, null, null)),
                event(LedgerEventTypes.ACCOUNT_DEBITED, new AccountEntry("news-co", 15, AccountEntry.Direction.DEBIT,
                        "t-9", "platform-fees", "0.0135", "USD", 6, "news", null, "0.2365", AccountEntry.Kind.FEE,
                        null)),
                event(LedgerEventTypes.BILL_ISSUED, new BillIssued("kim", 16, "bill-0123", TIME,
                        Instant.parse("2026-12-01T00:00:00Z"), "1.85", "USD", 6, Instant.parse("2026-12-15T00:00:00Z"),
                        3, 12, List.of(new BillIssued.Line("games", "games", 1, "1.5"),
                        new BillIssued.Line("news-co", null, 2, "0.35")))),
                event(LedgerEventTypes.BILL_PAID, new BillPaid("kim", 17, "bill-0123", "p-1", "1", "1", "USD", 6,
                        "OPEN")),
                event(LedgerEventTypes.SETTLEMENT_MADE, new SettlementMade("news-co", 18, "stl-01", TIME, 2, "3",
                        "0.25", "0.5", "2.25", "USD", 6, "payouts")));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrips(LedgerEvent event) {
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void thresholdsAreExactNumbersOnTheWire() {
        String json = new String(codec.encode(event(LedgerEventTypes.ACCOUNT_BUDGET_SET,
                new AccountBudgetSet("a", 1, "30", List.of(new BigDecimal("0.1"), new BigDecimal("0.7"))))),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"alertThresholds\":[0.1,0.7]");
    }

    @Test
    void anEntryWithoutKindIsAPlainPayment() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"ledger.account.debited.v1\","
                + "\"time\":\"2026-11-21T10:00:00Z\",\"data\":{\"accountId\":\"a\",\"sequence\":3,\"direction\":\"DEBIT\","
                + "\"transferId\":\"t\",\"counterpartyAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\","
                + "\"scale\":6,\"balanceAfter\":\"2\"}}";

        AccountEntry entry = (AccountEntry) codec.decode(json.getBytes(StandardCharsets.UTF_8)).data();

        assertThat(entry.kind()).isEqualTo(AccountEntry.Kind.PAYMENT);
        assertThat(entry.refundOf()).isNull();
    }

    @Test
    void anUnknownEntryKindIsMalformed() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"ledger.account.debited.v1\","
                + "\"time\":\"2026-11-21T10:00:00Z\",\"data\":{\"accountId\":\"a\",\"sequence\":3,\"direction\":\"DEBIT\","
                + "\"transferId\":\"t\",\"counterpartyAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\","
                + "\"scale\":6,\"balanceAfter\":\"2\",\"kind\":\"GIFT\"}}";

        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("GIFT");
    }

    @Test
    void aHoldWithoutExpiryIsMalformed() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"ledger.account.hold-placed.v1\","
                + "\"time\":\"2026-11-21T10:00:00Z\",\"data\":{\"accountId\":\"a\",\"sequence\":3,\"transferId\":\"t\","
                + "\"counterpartyAccountId\":\"b\",\"amount\":\"1\",\"currency\":\"USD\",\"scale\":6}}";

        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("expiresAt");
    }

    private static LedgerEvent event(String type, LedgerEventData data) {
        return new LedgerEvent("e-" + data.sequence(), "/micro-ledger/ledger-service", type, TIME, data);
    }
}
