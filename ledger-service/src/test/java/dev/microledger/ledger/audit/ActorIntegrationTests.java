package dev.microledger.ledger.audit;

import dev.microledger.broker.SharedTestBroker;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import dev.microledger.ledger.publishing.TopicEvents;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event on the topic says who caused it and in which request, never with the key's secret. */
class ActorIntegrationTests extends LedgerIntegrationTestSupport {

    @Test
    void eventsCarryTheKeyIdAndTheRequestIdOfTheirCommand() {
        String treasuryKey = TestKeys.create(port, "actor treasury", "treasury,accounts");
        String treasuryId = treasuryKey.substring(4, 20);
        String paymentsKey = TestKeys.create(port, "actor payments", "payments");
        String paymentsId = paymentsKey.substring(4, 20);
        String funding = unique("funding");
        String alice = unique("alice");
        String shop = unique("shop");

        send(treasuryKey, "open-" + funding, "PUT", "/accounts/" + funding, "{\"currency\":\"USD\",\"kind\":\"SYSTEM\"}");
        send(treasuryKey, "open-" + alice, "PUT", "/accounts/" + alice, "{\"currency\":\"USD\",\"kind\":\"USER\"}");
        send(treasuryKey, "open-" + shop, "PUT", "/accounts/" + shop, "{\"currency\":\"USD\",\"kind\":\"MERCHANT\"}");
        send(treasuryKey, "top-up-req", "POST", "/transfers", transferBody(unique("top-up"), funding, alice, "5", ""));
        send(paymentsKey, "pay-req", "POST", "/transfers", transferBody(unique("pay"), alice, shop, "1", ""));
        send(paymentsKey, "batch-req", "POST", "/transfers/batch",
                "{\"transfers\":[" + transferBody(unique("batch"), alice, shop, "1", "") + "]}");
        assertThat(send(paymentsKey, "hold-req", "POST", "/transfers",
                transferBody(unique("hold"), alice, shop, "1", ",\"pending\":{\"timeoutSeconds\":1}")).status()).isEqualTo(201);

        List<LedgerEvent> events = TopicEvents.read(SharedTestBroker.get().bootstrapServers(), TOPIC, Set.of(alice), 6,
                Duration.ofSeconds(60));

        assertThat(events).extracting(LedgerEvent::type).containsExactly(LedgerEventTypes.ACCOUNT_OPENED,
                LedgerEventTypes.ACCOUNT_CREDITED, LedgerEventTypes.ACCOUNT_DEBITED, LedgerEventTypes.ACCOUNT_DEBITED,
                LedgerEventTypes.HOLD_PLACED, LedgerEventTypes.HOLD_RELEASED);
        assertThat(events.get(0).actor()).isEqualTo(treasuryId);
        assertThat(events.get(0).requestId()).isEqualTo("open-" + alice);
        assertThat(events.get(1).actor()).isEqualTo(treasuryId);
        assertThat(events.get(1).requestId()).isEqualTo("top-up-req");
        assertThat(events.get(2).actor()).isEqualTo(paymentsId);
        assertThat(events.get(2).requestId()).isEqualTo("pay-req");
        assertThat(events.get(3).requestId()).isEqualTo("batch-req");
        assertThat(events.get(4).requestId()).isEqualTo("hold-req");
        assertThat(events.get(5).actor()).isEqualTo("system:hold-expiry");
        assertThat(events.get(5).requestId()).isNull();
        assertThat(events).allSatisfy(event -> assertThat(String.valueOf(event.actor()))
                .doesNotContain(treasuryKey.substring(21)).doesNotContain(paymentsKey.substring(21)));
    }

    private Response send(String key, String requestId, String method, String path, String body) {
        Response response = sendRaw(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .header("X-Request-Id", requestId)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.status()).as(response.body()).isLessThan(300);
        return response;
    }

    private static String transferBody(String transferId, String debit, String credit, String amount, String extra) {
        return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debit + "\",\"creditAccountId\":\"" + credit
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"" + extra + "}";
    }
}
