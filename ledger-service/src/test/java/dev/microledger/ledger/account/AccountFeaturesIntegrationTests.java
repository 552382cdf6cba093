package dev.microledger.ledger.account;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Account states, spending limits, budgets, declines and postpaid accounts through HTTP. */
class AccountFeaturesIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String shop;

    @BeforeEach
    void openAccounts() {
        funding = unique("funding");
        alice = unique("alice");
        shop = unique("shop");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "100", "USD").status()).isEqualTo(201);
    }

    @Test
    void aFrozenAccountNeitherSendsNorReceivesUntilUnfrozen() {
        Response frozen = post("/accounts/" + shop + "/freeze", "");
        assertThat(frozen.status()).isEqualTo(200);
        assertThat(frozen.json().path("status").asText()).isEqualTo("FROZEN");
        assertThat(post("/accounts/" + shop + "/freeze", "").json().path("version").asLong())
                .isEqualTo(frozen.json().path("version").asLong());

        assertThat(transfer(unique("t"), alice, shop, "1", "USD").code()).isEqualTo("account_frozen");
        assertThat(transfer(unique("t"), shop, alice, "1", "USD").code()).isEqualTo("account_frozen");

        assertThat(post("/accounts/" + shop + "/unfreeze", "").json().path("status").asText()).isEqualTo("OPEN");
        assertThat(transfer(unique("t"), alice, shop, "1", "USD").status()).isEqualTo(201);
    }

    @Test
    void closingNeedsAZeroBalanceAndThenRejectsEverything() {
        assertThat(post("/accounts/" + alice + "/close", "").code()).isEqualTo("account_balance_not_zero");
        assertThat(transfer(unique("t"), alice, funding, "100", "USD").status()).isEqualTo(201);

        Response closed = post("/accounts/" + alice + "/close", "");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asText()).isEqualTo("CLOSED");
        assertThat(transfer(unique("t"), funding, alice, "1", "USD").code()).isEqualTo("account_closed");
        assertThat(post("/accounts/" + alice + "/freeze", "").code()).isEqualTo("account_closed");
        assertThat(post("/accounts/" + alice + "/unfreeze", "").code()).isEqualTo("account_closed");
        assertThat(put("/accounts/" + alice + "/limits", "{\"daily\":\"1\"}").code()).isEqualTo("account_closed");
        assertThat(post("/accounts/" + alice + "/close", "").status()).isEqualTo(200);
    }

    @Test
    void stateChangesOfAMissingAccountAre404() {
        assertThat(post("/accounts/" + unique("nobody") + "/freeze", "").code()).isEqualTo("account_not_found");
        assertThat(put("/accounts/" + unique("nobody") + "/limits", "{}").code()).isEqualTo("account_not_found");
        assertThat(put("/accounts/" + unique("nobody") + "/budget", "{\"monthly\":\"1\"}").code())
                .isEqualTo("account_not_found");
    }

    @Test
    void limitsAreSetAndAnsweredInTheAccountsCurrency() {
        Response limits = put("/accounts/" + alice + "/limits", "{\"perTransfer\":\"5\",\"daily\":\"20\","
                + "\"monthly\":\"100\",\"perMinuteCount\":30,\"timezone\":\"Asia/Seoul\"}");

        assertThat(limits.status()).isEqualTo(200);
        assertThat(limits.json().path("perTransfer").asText()).isEqualTo("5");
        assertThat(limits.json().path("daily").asText()).isEqualTo("20");
        assertThat(limits.json().path("perMinuteCount").asInt()).isEqualTo(30);
        assertThat(limits.json().path("timezone").asText()).isEqualTo("Asia/Seoul");
        assertThat(readAccount(alice).limits().dailyMinor()).isEqualTo(20_000_000L);
    }

    @Test
    void badLimitsAreRefusedAndChangeNothing() {
        long version = readAccount(alice).version();
        assertThat(put("/accounts/" + alice + "/limits", "{\"daily\":\"-1\"}").status()).isEqualTo(400);
        assertThat(put("/accounts/" + alice + "/limits", "{\"daily\":\"0.0000001\"}").code())
                .isEqualTo("amount_precision_exceeded");
        assertThat(put("/accounts/" + alice + "/limits", "{\"timezone\":\"Mars/Olympus\"}").code())
                .isEqualTo("validation_failed");
        assertThat(put("/accounts/" + alice + "/limits", "{\"perMinuteCount\":0}").code()).isEqualTo("validation_failed");
        assertThat(put("/accounts/" + alice + "/limits", "{\"perMinuteCount\":1.5}").code())
                .isEqualTo("validation_failed");
        assertThat(put("/accounts/" + alice + "/budget", "{\"monthly\":\"30\",\"alertThresholds\":[0]}").code())
                .isEqualTo("validation_failed");
        assertThat(readAccount(alice).version()).isEqualTo(version);
    }

    @Test
    void aPaymentAtTheLimitPassesAndOneMinorUnitOverIsDeclinedWithTheLimitNamed() {
        put("/accounts/" + alice + "/limits", "{\"perTransfer\":\"5\",\"daily\":\"8\"}");

        assertThat(transfer(unique("t"), alice, shop, "5", "USD").status()).isEqualTo(201);
        Response over = transfer(unique("t"), alice, shop, "3.000001", "USD");

        assertThat(over.status()).isEqualTo(422);
        assertThat(over.code()).isEqualTo("limit_exceeded");
        assertThat(over.json().path("limit").asText()).isEqualTo("daily");
        assertThat(over.json().path("layer").asText()).isEqualTo("account");
        assertThat(over.json().path("remaining").asText()).isEqualTo("3");
        assertThat(transfer(unique("t"), alice, shop, "3", "USD").status()).isEqualTo(201);
    }

    @Test
    void velocityLimitsCountOutgoingPayments() {
        put("/accounts/" + alice + "/limits", "{\"perMinuteCount\":3}");
        for (int i = 0; i < 3; i++) {
            assertThat(transfer(unique("t"), alice, shop, "0.01", "USD").status()).isEqualTo(201);
        }

        Response fourth = transfer(unique("t"), alice, shop, "0.01", "USD");

        assertThat(fourth.code()).isEqualTo("limit_exceeded");
        assertThat(fourth.json().path("limit").asText()).isEqualTo("perMinuteCount");
        // Receiving is not limited.
        assertThat(transfer(unique("t"), funding, alice, "1", "USD").status()).isEqualTo(201);
    }

    @Test
    void theLedgerWideCapBindsUserAccountsInItsCurrency() {
        String funder = unique("funding-krw");
        String minsu = unique("minsu");
        String game = unique("game");
        openAccount(funder, "KRW", "SYSTEM", null);
        openAccount(minsu, "KRW", "USER", null);
        openAccount(game, "KRW", "MERCHANT", null);
        transfer(unique("top-up"), funder, minsu, "2000000", "KRW");
        // The configured cap is 1,000,000 KRW a month; the account's own limit is higher.
        put("/accounts/" + minsu + "/limits", "{\"monthly\":\"1500000\",\"timezone\":\"Asia/Seoul\"}");

        assertThat(transfer(unique("t"), minsu, game, "999999.99", "KRW").status()).isEqualTo(201);
        Response over = transfer(unique("t"), minsu, game, "0.02", "KRW");

        assertThat(over.code()).isEqualTo("limit_exceeded");
        assertThat(over.json().path("layer").asText()).isEqualTo("system");
        assertThat(over.json().path("limit").asText()).isEqualTo("monthly");
        assertThat(over.json().path("remaining").asText()).isEqualTo("0.01");
        // Merchants are not under the consumer cap.
        assertThat(transfer(unique("t"), game, funder, "999999.99", "KRW").status()).isEqualTo(201);
    }

    @Test
    void aDeclineIsRecordedOnThePayersStreamAndLeavesTheTransferIdFree() {
        long version = readAccount(alice).version();
        String transferId = unique("t");

        assertThat(transfer(transferId, alice, shop, "100.000001", "USD").code()).isEqualTo("insufficient_funds");

        assertThat(readAccount(alice).version()).isEqualTo(version + 1);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(100_000_000);
        transfer(unique("top-up"), funding, alice, "1", "USD");
        assertThat(transfer(transferId, alice, shop, "100.000001", "USD").status()).isEqualTo(201);
    }

    @Test
    void refusalsThatAreNotDeclinesRecordNothing() {
        long version = readAccount(alice).version();

        assertThat(transfer(unique("t"), alice, shop, "1", "EUR").code()).isEqualTo("currency_mismatch");
        assertThat(transfer(unique("t"), alice, unique("nobody"), "1", "USD").code()).isEqualTo("account_not_found");

        assertThat(readAccount(alice).version()).isEqualTo(version);
    }

    @Test
    void aBudgetIsRecordedAndNeverBlocksAPayment() {
        Response budget = put("/accounts/" + alice + "/budget", "{\"monthly\":\"1\",\"alertThresholds\":[0.8,0.5,1.0,0.50]}");

        assertThat(budget.status()).isEqualTo(200);
        assertThat(budget.json().path("monthly").asText()).isEqualTo("1");
        assertThat(budget.json().path("alertThresholds").toString()).isEqualTo("[0.5,0.8,1]");
        assertThat(transfer(unique("t"), alice, shop, "50", "USD").status()).isEqualTo(201);
    }

    @Test
    void aPostpaidAccountSpendsIntoItsCreditLimitAndPaysTheBillWithATransfer() {
        String phone = unique("phone");
        String billing = unique("billing");
        assertThat(openAccount(phone, "KRW", "USER", "30000").status()).isEqualTo(201);
        openAccount(billing, "KRW", "SYSTEM", null);
        String store = unique("store");
        openAccount(store, "KRW", "MERCHANT", null);

        assertThat(transfer(unique("t"), phone, store, "25000", "KRW").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), phone, store, "5000", "KRW").status()).isEqualTo(201);
        assertThat(transfer(unique("t"), phone, store, "0.01", "KRW").code()).isEqualTo("insufficient_funds");
        assertThat(readAccount(phone).balanceMinor()).isEqualTo(-3_000_000);

        // The month's bill is paid from outside the ledger into the SYSTEM billing account's books.
        assertThat(transfer(unique("bill"), billing, phone, "30000", "KRW").status()).isEqualTo(201);

        assertThat(readAccount(phone).balanceMinor()).isZero();
        assertThat(transfer(unique("t"), phone, store, "30000", "KRW").status()).isEqualTo(201);
    }
}
