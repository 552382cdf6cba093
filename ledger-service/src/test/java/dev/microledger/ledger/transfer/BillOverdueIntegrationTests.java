package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bill unpaid past its due time stops the account's payments until it is paid, and says why.
 * Bills fall due at once here, which takes a service of its own; it gets a database of its own
 * too, or its hold expiry and publisher would work on the other tests' accounts behind the backs
 * of their services' caches.
 */
@TestPropertySource(properties = "ledger.billing.due-days=0")
class BillOverdueIntegrationTests extends LedgerIntegrationTestSupport {

    private static final PostgresDatabase DATABASE = SharedTestPostgres.freshDatabase("ledger_bill_overdue");

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        // The pool's own properties are bound after spring.datasource.*, which the support class sets.
        registry.add("spring.datasource.hikari.jdbc-url", DATABASE::url);
        registry.add("spring.datasource.hikari.username", DATABASE::username);
        registry.add("spring.datasource.hikari.password", DATABASE::password);
    }

    @Test
    void anOverdueBillDeclinesPaymentsUntilItIsPaid() {
        String funding = unique("funding");
        String kim = unique("kim");
        String news = unique("news");
        openAccount(funding, "USD", "SYSTEM", null);
        openAccount(kim, "USD", "USER", "50");
        openAccount(news, "USD", "MERCHANT", null);
        assertThat(transfer(unique("t"), kim, news, "2", "USD").status()).isEqualTo(201);
        // Due at the end of the period it closes, which is now.
        String billId = post("/accounts/" + kim + "/bills", "").json().path("billId").asText();

        Response declined = transfer(unique("t"), kim, news, "0.1", "USD");

        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.code()).isEqualTo("bill_overdue");
        assertThat(declined.json().path("billId").asText()).isEqualTo(billId);
        assertThat(declined.json().path("detail").asText()).contains(billId);
        assertThat(readAccount(kim).balanceMinor()).isEqualTo(-2_000_000);
        // Money can still come in: only spending is stopped.
        assertThat(post("/bills/" + billId + "/payments", "{\"paymentId\":\"" + unique("p") + "\",\"debitAccountId\":\""
                + funding + "\",\"amount\":\"1\"}").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), kim, news, "0.1", "USD").code()).isEqualTo("bill_overdue");

        assertThat(post("/bills/" + billId + "/payments", "{\"paymentId\":\"" + unique("p") + "\",\"debitAccountId\":\""
                + funding + "\"}").json().path("status").asText()).isEqualTo("PAID");
        assertThat(transfer(unique("t"), kim, news, "0.1", "USD").status()).isEqualTo(201);
    }
}
