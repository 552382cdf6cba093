package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.ledger.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fee schedules through HTTP: the ledger posts the fee leg with the payment, returns it in
 * proportion with a refund, charges a posted hold on what was posted, and refuses schedules that
 * make no sense without changing anything.
 */
class FeesIntegrationTests extends LedgerIntegrationTestSupport {

    private String funding;
    private String alice;
    private String shop;
    private String revenue;

    @BeforeEach
    void accounts() {
        funding = unique("funding");
        alice = unique("alice");
        shop = unique("shop");
        revenue = unique("fees");
        assertThat(openAccount(funding, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(revenue, "USD", "SYSTEM", null).status()).isEqualTo(201);
        assertThat(openAccount(alice, "USD", "USER", null).status()).isEqualTo(201);
        assertThat(openAccount(shop, "USD", "MERCHANT", null).status()).isEqualTo(201);
        assertThat(transfer(unique("top-up"), funding, alice, "100", "USD").status()).isEqualTo(201);
    }

    private Response setFees(String merchant, String body) {
        return put("/accounts/" + merchant + "/fees", body);
    }

    private String schedule(String rate, String fixed) {
        return "{\"rate\":\"" + rate + "\",\"fixed\":\"" + fixed + "\",\"revenueAccountId\":\"" + revenue + "\"}";
    }

    @Test
    void aPaymentToAMerchantWithASchedulePaysItsFeeInTheSameCommit() {
        Response set = setFees(shop, schedule("0.05", "0.001"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("rate").asText()).isEqualTo("0.05");
        assertThat(set.json().path("fixed").asText()).isEqualTo("0.001");
        assertThat(set.json().path("revenueAccountId").asText()).isEqualTo(revenue);

        String paid = unique("t");
        Response payment = transfer(paid, alice, shop, "0.25", "USD");

        assertThat(payment.status()).isEqualTo(201);
        // 0.25 × 5 % = 0.0125, plus 0.001 fixed.
        assertThat(payment.json().path("fee").asText()).isEqualTo("0.0135");
        assertThat(payment.json().path("feeAccountId").asText()).isEqualTo(revenue);
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(99_750_000);
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(236_500);
        assertThat(readAccount(revenue).balanceMinor()).isEqualTo(13_500);
        // The answer's versions are after the fee leg, the revenue account's included: reads can wait for all three.
        assertThat(payment.json().path("versions").path(shop).asLong()).isEqualTo(readAccount(shop).version());
        assertThat(payment.json().path("versions").path(revenue).asLong()).isEqualTo(readAccount(revenue).version());

        Response again = transfer(paid, alice, shop, "0.25", "USD");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(payment.json());
        assertThat(get("/transfers/" + paid).json().path("fee").asText()).isEqualTo("0.0135");
        assertThat(readAccount(revenue).balanceMinor()).isEqualTo(13_500);
    }

    @Test
    void minimumMaximumAndTheAmountItselfBoundTheFee() {
        setFees(shop, "{\"rate\":\"0.1\",\"minimum\":\"0.01\",\"maximum\":\"0.05\",\"revenueAccountId\":\"" + revenue
                + "\"}");

        assertThat(transfer(unique("t"), alice, shop, "0.005", "USD").json().path("fee").asText()).isEqualTo("0.005");
        assertThat(transfer(unique("t"), alice, shop, "0.02", "USD").json().path("fee").asText()).isEqualTo("0.01");
        assertThat(transfer(unique("t"), alice, shop, "2", "USD").json().path("fee").asText()).isEqualTo("0.05");
        // The merchant never nets less than zero: 0.005 - 0.005, 0.02 - 0.01, 2 - 0.05.
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(0 + 10_000 + 1_950_000);
    }

    @Test
    void aRefundReturnsTheFeeInProportionAndAFullRefundReturnsAllOfIt() {
        setFees(shop, schedule("0.05", "0.001"));
        String paid = unique("t");
        transfer(paid, alice, shop, "0.25", "USD");

        Response first = post("/transfers/" + paid + "/refunds", "{\"refundId\":\"" + unique("r") + "\",\"amount\":\"0.1\"}");

        assertThat(first.status()).isEqualTo(201);
        // 0.0135 × 0.1 / 0.25 = 0.0054.
        assertThat(first.json().path("fee").asText()).isEqualTo("0.0054");
        assertThat(first.json().path("versions").path(revenue).asLong()).isEqualTo(readAccount(revenue).version());
        assertThat(readAccount(revenue).balanceMinor()).isEqualTo(13_500 - 5_400);
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(236_500 - 100_000 + 5_400);

        Response rest = post("/transfers/" + paid + "/refunds", "{\"refundId\":\"" + unique("r") + "\"}");
        assertThat(rest.json().path("fee").asText()).isEqualTo("0.0081");
        assertThat(readAccount(revenue).balanceMinor()).isZero();
        assertThat(readAccount(shop).balanceMinor()).isZero();
        assertThat(readAccount(alice).balanceMinor()).isEqualTo(100_000_000);
    }

    @Test
    void aPartlyPostedHoldPaysTheFeeOnWhatWasPosted() {
        setFees(shop, schedule("0.1", "0"));
        String hold = unique("h");
        assertThat(transfer(hold, alice, shop, "1", "USD", "\"pending\":{\"timeoutSeconds\":300}").json()
                .has("fee")).isFalse();

        Response posted = post("/transfers/" + hold + "/post", "{\"amount\":\"0.4\"}");

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.json().path("fee").asText()).isEqualTo("0.04");
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(360_000);
        assertThat(readAccount(revenue).balanceMinor()).isEqualTo(40_000);
        assertThat(get("/transfers/" + hold).json().path("fee").asText()).isEqualTo("0.04");
        assertThat(posted.json().path("versions").path(revenue).asLong()).isEqualTo(readAccount(revenue).version());
    }

    @Test
    void aMerchantWithoutAScheduleOfItsOwnPaysTheDefaultOfItsCurrency() {
        openAccount(DEFAULT_FEE_ACCOUNT, "XFE", "SYSTEM", null);
        String xfeFunding = unique("xfe-funding");
        String payer = unique("xfe-payer");
        String merchant = unique("xfe-shop");
        openAccount(xfeFunding, "XFE", "SYSTEM", null);
        openAccount(payer, "XFE", "USER", null);
        openAccount(merchant, "XFE", "MERCHANT", null);
        String friend = unique("xfe-user");
        openAccount(friend, "XFE", "USER", null);
        transfer(unique("top-up"), xfeFunding, payer, "100", "XFE");
        long revenueBefore = readAccount(DEFAULT_FEE_ACCOUNT).balanceMinor();

        String paid = unique("t");
        Response payment = transfer(paid, payer, merchant, "1", "XFE");

        // 1 × 2 % + 0.0001.
        assertThat(payment.status()).isEqualTo(201);
        assertThat(payment.json().path("fee").asText()).isEqualTo("0.0201");
        assertThat(payment.json().path("feeAccountId").asText()).isEqualTo(DEFAULT_FEE_ACCOUNT);
        assertThat(readAccount(merchant).balanceMinor()).isEqualTo(979_900);
        assertThat(readAccount(DEFAULT_FEE_ACCOUNT).balanceMinor() - revenueBefore).isEqualTo(20_100);
        assertThat(transfer(paid, payer, merchant, "1", "XFE").json()).isEqualTo(payment.json());
        // The maximum binds: 100 × 2 % would be 2.
        assertThat(transfer(unique("t"), payer, merchant, "50", "XFE").json().path("fee").asText()).isEqualTo("0.5");

        // A schedule of its own wins; removing it brings the default back.
        String ownRevenue = unique("xfe-own-fees");
        openAccount(ownRevenue, "XFE", "SYSTEM", null);
        setFees(merchant, "{\"rate\":\"0.1\",\"revenueAccountId\":\"" + ownRevenue + "\"}");
        Response own = transfer(unique("t"), payer, merchant, "1", "XFE");
        assertThat(own.json().path("fee").asText()).isEqualTo("0.1");
        assertThat(own.json().path("feeAccountId").asText()).isEqualTo(ownRevenue);
        sendRaw(HttpRequest.newBuilder(url("/accounts/" + merchant + "/fees")).DELETE()
                .header("Authorization", "Bearer " + TestKeys.allRoles(port)));
        Response back = transfer(unique("t"), payer, merchant, "1", "XFE");
        assertThat(back.json().path("feeAccountId").asText()).isEqualTo(DEFAULT_FEE_ACCOUNT);
        assertThat(back.json().path("versions").path(DEFAULT_FEE_ACCOUNT).asLong())
                .isEqualTo(readAccount(DEFAULT_FEE_ACCOUNT).version());

        // Payments to a USER account pay no fee, nor do payments in a currency without a default.
        Response toUser = transfer(unique("t"), payer, friend, "1", "XFE");
        assertThat(toUser.status()).isEqualTo(201);
        assertThat(toUser.json().has("fee")).isFalse();
        assertThat(transfer(unique("t"), alice, shop, "1", "USD").json().has("fee")).isFalse();
    }

    @Test
    void aRemovedScheduleChargesNothingFromTheNextPaymentOn() {
        setFees(shop, schedule("0.05", "0"));
        Response removed = sendRaw(HttpRequest.newBuilder(url("/accounts/" + shop + "/fees")).DELETE()
                .header("Authorization", "Bearer " + TestKeys.allRoles(port)));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("revenueAccountId").isNull()).isTrue();

        Response payment = transfer(unique("t"), alice, shop, "1", "USD");

        assertThat(payment.json().has("fee")).isFalse();
        assertThat(readAccount(shop).balanceMinor()).isEqualTo(1_000_000);
        assertThat(readAccount(revenue).balanceMinor()).isZero();
    }

    @Test
    void aBatchAnswersEachPaymentWithItsFee() {
        setFees(shop, schedule("0.1", "0"));

        Response batch = post("/transfers/batch", "{\"transfers\":[{\"transferId\":\"" + unique("t")
                + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + shop
                + "\",\"amount\":\"0.5\",\"currency\":\"USD\"},{\"transferId\":\"" + unique("t")
                + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + revenue
                + "\",\"amount\":\"0.5\",\"currency\":\"USD\"}]}");

        assertThat(batch.json().path("results").get(0).path("fee").asText()).isEqualTo("0.05");
        assertThat(batch.json().path("results").get(0).path("feeAccountId").asText()).isEqualTo(revenue);
        assertThat(batch.json().path("results").get(1).has("fee")).isFalse();
        assertThat(readAccount(revenue).balanceMinor()).isEqualTo(550_000);
    }

    @Test
    void concurrentFirstPaymentsToAMerchantOnTheDefaultAllPayTheirFeeExactlyOnce() throws Exception {
        openAccount(DEFAULT_FEE_ACCOUNT, "XFE", "SYSTEM", null);
        String xfeFunding = unique("xfe-funding");
        String payer = unique("xfe-payer");
        String merchant = unique("xfe-shop");
        openAccount(xfeFunding, "XFE", "SYSTEM", null);
        openAccount(payer, "XFE", "USER", null);
        openAccount(merchant, "XFE", "MERCHANT", null);
        transfer(unique("top-up"), xfeFunding, payer, "100", "XFE");
        long revenueBefore = readAccount(DEFAULT_FEE_ACCOUNT).balanceMinor();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // The merchant's route to the default's revenue account is not known yet: every first payment learns it.
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String amount = "0." + (10 + i);
                Callable<Response> pay = () -> transfer(unique("t"), payer, merchant, amount, "XFE");
                answers.add(pool.submit(pay));
            }
            long fees = 0;
            long paid = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).as(response.body()).isEqualTo(201);
                assertThat(response.json().path("feeAccountId").asText()).isEqualTo(DEFAULT_FEE_ACCOUNT);
                fees += new BigDecimal(response.json().path("fee").asText()).movePointRight(6).longValueExact();
                paid += new BigDecimal(response.json().path("amount").asText()).movePointRight(6)
                        .longValueExact();
            }
            assertThat(readAccount(DEFAULT_FEE_ACCOUNT).balanceMinor() - revenueBefore).isEqualTo(fees);
            assertThat(readAccount(merchant).balanceMinor()).isEqualTo(paid - fees);
            assertThat(readAccount(payer).balanceMinor()).isEqualTo(100_000_000 - paid);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDefaultWhoseRevenueAccountWasNeverOpenedRefusesThePaymentAndChangesNothing() {
        String xfnFunding = unique("xfn-funding");
        String payer = unique("xfn-payer");
        String merchant = unique("xfn-shop");
        openAccount(xfnFunding, "XFN", "SYSTEM", null);
        openAccount(payer, "XFN", "USER", null);
        openAccount(merchant, "XFN", "MERCHANT", null);
        transfer(unique("top-up"), xfnFunding, payer, "10", "XFN");
        long payerVersion = readAccount(payer).version();

        Response refused = transfer(unique("t"), payer, merchant, "1", "XFN");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.code()).isEqualTo("account_not_found");
        assertThat(refused.json().path("accountId").asText()).isEqualTo("never-opened-fees");
        assertThat(readAccount(payer).balanceMinor()).isEqualTo(10_000_000);
        assertThat(readAccount(payer).version()).isEqualTo(payerVersion);
        assertThat(readAccount(merchant).balanceMinor()).isZero();
    }

    @Test
    void schedulesThatMakeNoSenseAreRefusedAndChangeNothing() {
        long version = readAccount(shop).version();
        assertThat(setFees(alice, schedule("0.05", "0")).code()).isEqualTo("account_kind_mismatch");
        assertThat(setFees(shop, "{\"rate\":\"0.05\",\"revenueAccountId\":\"" + alice + "\"}").code())
                .isEqualTo("account_kind_mismatch");
        assertThat(setFees(shop, "{\"rate\":\"0.05\",\"revenueAccountId\":\"" + unique("none") + "\"}").code())
                .isEqualTo("account_not_found");
        assertThat(setFees(shop, "{\"rate\":\"0.05\"}").code()).isEqualTo("validation_failed");
        for (String rate : List.of("1.5", "-0.1", "0.1e1", "5%", "0.123456789", "")) {
            assertThat(setFees(shop, schedule(rate, "0")).code()).as(rate).isEqualTo("validation_failed");
        }
        assertThat(setFees(shop, schedule("0.05", "-1")).code()).isEqualTo("invalid_amount");
        assertThat(setFees(shop, schedule("0.05", "0.0000001")).code()).isEqualTo("amount_precision_exceeded");
        assertThat(setFees(shop, "{\"rate\":\"0.05\",\"minimum\":\"2\",\"maximum\":\"1\",\"revenueAccountId\":\""
                + revenue + "\"}").code()).isEqualTo("validation_failed");
        assertThat(setFees(shop, "{\"rate\":\"0.05\",\"revenueAccountId\":\"" + revenue + "\",\"ratee\":\"1\"}").code())
                .isEqualTo("unknown_field");
        String euro = unique("eur-fees");
        openAccount(euro, "EUR", "SYSTEM", null);
        assertThat(setFees(shop, "{\"rate\":\"0.05\",\"revenueAccountId\":\"" + euro + "\"}").code())
                .isEqualTo("currency_mismatch");
        assertThat(readAccount(shop).version()).isEqualTo(version);
        assertThat(transfer(unique("t"), alice, shop, "1", "USD").json().has("fee")).isFalse();
    }

    @Test
    void concurrentPaymentsToAFeeMerchantAddUpExactly() throws Exception {
        setFees(shop, schedule("0.029", "0.0003"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String amount = "0.0" + (10 + i);
                Callable<Response> pay = () -> transfer(unique("t"), alice, shop, amount, "USD");
                answers.add(pool.submit(pay));
            }
            long fees = 0;
            long paid = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).isEqualTo(201);
                fees += Math.round(Double.parseDouble(response.json().path("fee").asText()) * 1_000_000);
                paid += Math.round(Double.parseDouble(response.json().path("amount").asText()) * 1_000_000);
            }
            assertThat(readAccount(revenue).balanceMinor()).isEqualTo(fees);
            assertThat(readAccount(shop).balanceMinor()).isEqualTo(paid - fees);
            assertThat(readAccount(alice).balanceMinor()).isEqualTo(100_000_000 - paid);
        } finally {
            pool.shutdownNow();
        }
    }
}
