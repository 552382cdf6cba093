package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consolidated bills of a postpaid account through HTTP: closing the period issues one bill with
 * lines by merchant and category, net of refunds; bill payments are idempotent and never above
 * what is due.
 */
class BillsIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String kim;
    private String news;
    private String games;

    @BeforeEach
    void accounts() {
        funding = unique("funding");
        kim = unique("kim");
        news = unique("news");
        games = unique("games");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(kim, "USD", "USER", "50").status()).isEqualTo(201);
        assertThat(openAccount(news, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(openAccount(games, "USD", "MERCHANT", null).status()).isEqualTo(201);
    }

    private Response pay(String merchant, String amount, String category) {
        return transfer(unique("t"), kim, merchant, amount, "USD", "\"category\":\"" + category + "\"");
    }

    private Response payBill(String billId, String paymentId, String amount) {
        String amountField = amount == null ? "" : ",\"amount\":\"" + amount + "\"";
        return post("/bills/" + billId + "/payments", "{\"paymentId\":\"" + paymentId + "\",\"debitAccountId\":\""
                + funding + "\"" + amountField + "}");
    }

    @Test
    void closingThePeriodIssuesOneBillWithItsLinesNetOfRefunds() {
        pay(news, "0.25", "news");
        pay(news, "0.10", "news");
        String refunded = unique("t");
        transfer(refunded, kim, games, "2", "USD", "\"category\":\"games\"");
        post("/transfers/" + refunded + "/refunds", "{\"refundId\":\"" + unique("r") + "\",\"amount\":\"0.5\"}");

        Response bill = post("/accounts/" + kim + "/bills", "");

        assertThat(bill.status()).isEqualTo(201);
        JsonNode body = bill.json();
        assertThat(body.path("billId").asText()).startsWith("bill-");
        assertThat(body.path("accountId").asText()).isEqualTo(kim);
        assertThat(body.path("amountDue").asText()).isEqualTo("1.85");
        assertThat(body.path("amountPaid").asText()).isEqualTo("0");
        assertThat(body.path("status").asText()).isEqualTo("OPEN");
        assertThat(body.path("currency").asText()).isEqualTo("USD");
        assertThat(body.path("dueAt").asText()).isGreaterThan(body.path("periodEnd").asText());
        // The account's version after the bill: a read of its bills can wait for it (?minVersion=).
        assertThat(body.path("versions").path(kim).asLong()).isEqualTo(readAccount(kim).version());
        assertThat(body.path("lines")).hasSize(2);
        JsonNode gamesLine = body.path("lines").get(games.compareTo(news) < 0 ? 0 : 1);
        assertThat(gamesLine.path("merchantAccountId").asText()).isEqualTo(games);
        assertThat(gamesLine.path("category").asText()).isEqualTo("games");
        assertThat(gamesLine.path("count").asLong()).isEqualTo(1);
        assertThat(gamesLine.path("total").asText()).isEqualTo("1.5");

        // The period is closed: nothing is left to bill.
        Response nothing = post("/accounts/" + kim + "/bills", "");
        assertThat(nothing.status()).isEqualTo(200);
        assertThat(nothing.json().path("billId").isNull()).isTrue();
    }

    @Test
    void billPaymentsAreIdempotentAndNeverAboveWhatIsDue() {
        pay(news, "3", "news");
        String billId = post("/accounts/" + kim + "/bills", "").json().path("billId").asText();
        String paymentId = unique("p");

        Response part = payBill(billId, paymentId, "1");

        assertThat(part.status()).isEqualTo(201);
        assertThat(part.json().path("amountPaid").asText()).isEqualTo("1");
        assertThat(part.json().path("status").asText()).isEqualTo("OPEN");
        assertThat(readAccount(kim).balanceMinor()).isEqualTo(-2_000_000);
        Response retried = payBill(billId, paymentId, "1");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(readAccount(kim).balanceMinor()).isEqualTo(-2_000_000);
        assertThat(payBill(billId, paymentId, "2").code()).isEqualTo("transfer_exists_with_different_fields");

        assertThat(payBill(billId, unique("p"), "2.000001").code()).isEqualTo("payment_exceeds_bill");
        Response rest = payBill(billId, unique("p"), null);
        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.json().path("amountPaid").asText()).isEqualTo("3");
        assertThat(rest.json().path("status").asText()).isEqualTo("PAID");
        assertThat(payBill(billId, unique("p"), "0.01").code()).isEqualTo("payment_exceeds_bill");
        assertThat(readAccount(kim).balanceMinor()).isZero();
        assertThat(get("/transfers/" + paymentId).json().path("amount").asText()).isEqualTo("1");
    }

    @Test
    void aBillComesOutTheSameFromASnapshotOfTheAccount() {
        // Snapshots are taken every 10 events in tests and the cache holds 16 accounts: kim is
        // read back from a snapshot holding its open period, and its bill must not notice.
        for (int i = 0; i < 12; i++) {
            pay(i % 2 == 0 ? news : games, "0.01", i % 3 == 0 ? "news" : "games");
        }
        for (int i = 0; i < 20; i++) {
            openAccount(unique("evict"), "USD", "USER", null);
        }

        Response bill = post("/accounts/" + kim + "/bills", "");

        assertThat(bill.status()).isEqualTo(201);
        assertThat(bill.json().path("amountDue").asText()).isEqualTo("0.12");
        long count = 0;
        for (JsonNode line : bill.json().path("lines")) {
            count += line.path("count").asLong();
        }
        assertThat(count).isEqualTo(12);
        for (int i = 0; i < 20; i++) {
            openAccount(unique("evict"), "USD", "USER", null);
        }
        Response paid = payBill(bill.json().path("billId").asText(), unique("p"), null);
        assertThat(paid.json().path("status").asText()).isEqualTo("PAID");
    }

    @Test
    void badBillRequestsAreClearErrorsAndChangeNothing() {
        assertThat(post("/accounts/" + news + "/bills", "").code()).isEqualTo("account_not_postpaid");
        assertThat(post("/accounts/" + unique("none") + "/bills", "").code()).isEqualTo("account_not_found");
        assertThat(post("/accounts/bad;id/bills", "").status()).isEqualTo(400);
        assertThat(payBill("bill-" + unique("none"), unique("p"), "1").code()).isEqualTo("bill_not_found");
        pay(news, "1", "news");
        String billId = post("/accounts/" + kim + "/bills", "").json().path("billId").asText();
        assertThat(payBill(billId, "bad id", "1").code()).isEqualTo("validation_failed");
        assertThat(payBill(billId, unique("p"), "1e0").code()).isEqualTo("invalid_amount");
        assertThat(post("/bills/" + billId + "/payments", "{\"paymentId\":\"" + unique("p") + "\",\"debitAccountId\":\""
                + kim + "\"}").code()).isEqualTo("accounts_must_be_different");
        assertThat(post("/bills/" + billId + "/payments", "{\"paymentId\":\"x\",\"debitAccountId\":\"" + funding
                + "\",\"amountt\":\"1\"}").code()).isEqualTo("unknown_field");
        assertThat(readAccount(kim).balanceMinor()).isEqualTo(-1_000_000);
    }
}
