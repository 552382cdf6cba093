package dev.microledger.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerEventCodecTests {

    private final LedgerEventCodec codec = new LedgerEventCodec();

    @Test
    void entryEventRoundTripsThroughStructuredCloudEventJson() {
        LedgerEvent event = new LedgerEvent("e-1", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_DEBITED,
                Instant.parse("2026-11-21T10:00:00.123Z"),
                new AccountEntry("alice", 12, AccountEntry.Direction.DEBIT, "t-1", "news-co", "0.25", "USD", 6,
                        "news", null, "9.75"));

        byte[] bytes = codec.encode(event);

        assertThat(codec.decode(bytes)).isEqualTo(event);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"specversion\":\"1.0\"")
                .contains("\"subject\":\"alice\"")
                .contains("\"amount\":\"0.25\"")
                .doesNotContain("description");
    }

    @Test
    void openedEventRoundTrips() {
        LedgerEvent event = new LedgerEvent("e-2", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_OPENED,
                Instant.parse("2026-11-21T10:00:00Z"), new AccountOpened("bob", 0, "KRW", 2, "USER", "30000"));

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        assertThat(new String(codec.encode(event), StandardCharsets.UTF_8)).doesNotContain("displayName");
    }

    @Test
    void anOpenedEventCarriesTheAccountsDisplayNameWhenItHasOne() {
        LedgerEvent event = new LedgerEvent("e-7", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_OPENED,
                Instant.parse("2026-11-21T10:00:00Z"), new AccountOpened("webtoon-kr", 0, "KRW", 2, "MERCHANT", "0", "웹툰 Plus"));

        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"displayName\":\"웹툰 Plus\"");
        assertThat(codec.decode(bytes)).isEqualTo(event);
        LedgerEvent tooLong = new LedgerEvent("e-8", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_OPENED,
                Instant.parse("2026-11-21T10:00:00Z"), new AccountOpened("shop", 0, "USD", 6, "MERCHANT", "0",
                        "n".repeat(AccountOpened.DISPLAY_NAME_LENGTH_MAX + 1)));
        assertThatThrownBy(() -> codec.decode(codec.encode(tooLong))).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("displayName");
    }

    @Test
    void unknownTypeDecodesWithItsAccountAndSequence() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"ledger.future.v9\","
                + "\"time\":\"2026-11-21T10:00:00Z\",\"data\":{\"accountId\":\"a\",\"sequence\":3,\"whatever\":1}}";

        LedgerEvent event = codec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.data()).isEqualTo(new UnrecognizedEvent("a", 3, "ledger.future.v9"));
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.decode("{\"specversion\":\"1.0\",\"type\":\"t\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void textTheLedgerWouldRefuseIsMalformedHereToo() {
        for (String category : new String[] {"a\u0000b", "x\u001b[31m", "\ud800", "c".repeat(FreeText.CATEGORY_LENGTH_MAX + 1)}) {
            LedgerEvent event = new LedgerEvent("e-3", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_CREDITED,
                    Instant.parse("2026-11-21T10:00:00Z"),
                    new AccountEntry("alice", 2, AccountEntry.Direction.CREDIT, "t-2", "bob", "1", "USD", 6,
                            category, null, "1"));

            assertThatThrownBy(() -> codec.decode(codec.encode(event))).isInstanceOf(MalformedEventException.class)
                    .hasMessageContaining("category");
        }
        LedgerEvent valid = new LedgerEvent("e-4", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_CREDITED,
                Instant.parse("2026-11-21T10:00:00Z"),
                new AccountEntry("alice", 2, AccountEntry.Direction.CREDIT, "t-2", "bob", "1", "USD", 6,
                        "소액결제 🎮", "=HYPERLINK(x)", "1"));
        assertThat(codec.decode(codec.encode(valid))).isEqualTo(valid);
    }

    @Test
    void actorAndRequestIdTravelAsExtensionAttributes() {
        LedgerEvent event = new LedgerEvent("e-5", "/micro-ledger/ledger-service", LedgerEventTypes.ACCOUNT_DEBITED,
                Instant.parse("2026-11-21T10:00:00Z"),
                new AccountEntry("alice", 3, AccountEntry.Direction.DEBIT, "t-3", "news-co", "0.25", "USD", 6,
                        "news", null, "9.75"), "abcdefghijklmnop", "checkout-42");

        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"actor\":\"abcdefghijklmnop\"")
                .contains("\"requestid\":\"checkout-42\"");
        assertThat(codec.decode(bytes)).isEqualTo(event);
        LedgerEvent unknownActor = new LedgerEvent("e-6", "/s", LedgerEventTypes.ACCOUNT_OPENED,
                Instant.parse("2026-11-21T10:00:00Z"), new AccountOpened("bob", 0, "KRW", 2, "USER", "0"));
        assertThat(new String(codec.encode(unknownActor), StandardCharsets.UTF_8)).doesNotContain("actor");
        assertThat(codec.decode(codec.encode(unknownActor)).actor()).isNull();
    }
}
