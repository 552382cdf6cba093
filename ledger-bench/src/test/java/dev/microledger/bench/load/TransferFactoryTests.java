package dev.microledger.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferFactoryTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} ten-thousandths = {1}")
    @CsvSource({"1, 0.0001", "25, 0.0025", "9999, 0.9999", "10000, 1.0000"})
    void paymentAmountsArePlainDecimalsWithFourDigits(int value, String text) {
        assertThat(TransferFactory.tenThousandths(value)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} cents = {1}")
    @CsvSource({"100, 1.00", "105, 1.05", "10000, 100.00"})
    void topUpAmountsArePlainDecimalsInCents(int value, String text) {
        assertThat(TransferFactory.cents(value)).isEqualTo(text);
    }

    @Test
    void uniformPaysFromPayersToMerchantsWithinTheAmountRange() {
        WorkloadAccounts accounts = WorkloadAccounts.of("brun1", Workload.UNIFORM, 50, 5);
        TransferFactory factory = new TransferFactory(accounts, "s");

        Set<String> ids = new HashSet<>();
        for (TransferFactory.Transfer transfer : factory.next(1000)) {
            ids.add(transfer.transferId());
            assertThat(transfer.debitAccountId()).matches("brun1-u-p([0-9]|[1-4][0-9])");
            assertThat(transfer.creditAccountId()).matches("brun1-u-m[0-4]");
            assertThat(new BigDecimal(transfer.amount())).isBetween(new BigDecimal("0.0001"), BigDecimal.ONE);
        }
        assertThat(ids).hasSize(1000).allMatch(id -> id.startsWith("brun1-us-") && id.length() <= 64);
    }

    @Test
    void hotPayeePaysOneMerchantAndTopUpPaysFromTheFundingAccount() {
        TransferFactory hot = new TransferFactory(WorkloadAccounts.of("brun1", Workload.HOT_PAYEE, 50, 100), "s");
        TransferFactory topUp = new TransferFactory(WorkloadAccounts.of("brun1", Workload.TOP_UP, 50, 100), "s");

        assertThat(hot.next(100)).allMatch(transfer -> transfer.creditAccountId().equals("brun1-h-m0"));
        assertThat(topUp.next(100)).allMatch(transfer -> transfer.debitAccountId().equals("brun1-t-fund")
                && transfer.creditAccountId().startsWith("brun1-t-p"));
    }

    @Test
    void mixedHasHoldsAndOverLimitTransfersInAboutTheirShares() throws Exception {
        TransferFactory factory = new TransferFactory(WorkloadAccounts.of("brun1", Workload.MIXED, 50, 5), "s");
        BigDecimal perTransfer = new BigDecimal(TransferFactory.MIXED_PER_TRANSFER_LIMIT);

        int holds = 0;
        int overLimit = 0;
        int count = 20_000;
        for (TransferFactory.Transfer transfer : factory.next(count)) {
            assertThat(transfer.debitAccountId()).startsWith("brun1-x-p");
            assertThat(transfer.creditAccountId()).startsWith("brun1-x-m");
            BigDecimal amount = new BigDecimal(transfer.amount());
            if (amount.compareTo(perTransfer) > 0) {
                overLimit++;
                assertThat(amount).isLessThanOrEqualTo(new BigDecimal("3"));
                assertThat(transfer.holdTimeoutSeconds()).as("an over-limit transfer is a payment").isNull();
            } else {
                assertThat(amount).isBetween(new BigDecimal("0.0001"), BigDecimal.ONE);
            }
            if (transfer.holdTimeoutSeconds() != null) {
                holds++;
                JsonNode body = JSON.readTree(TransferFactory.body(List.of(transfer), false));
                assertThat(body.path("pending").path("timeoutSeconds").asInt())
                        .isEqualTo(TransferFactory.MIXED_HOLD_TIMEOUT_SECONDS);
            }
        }
        // 2 % over the limit and 9.8 % holds; the bounds are many standard deviations wide.
        assertThat(overLimit).isBetween(count / 100, count * 3 / 100);
        assertThat(holds).isBetween(count * 8 / 100, count * 12 / 100);
    }

    @Test
    void bodiesAreTheApisJson() throws Exception {
        TransferFactory factory = new TransferFactory(WorkloadAccounts.of("brun1", Workload.UNIFORM, 10, 2), "b100");
        List<TransferFactory.Transfer> transfers = factory.next(3);

        JsonNode single = JSON.readTree(TransferFactory.body(transfers.subList(0, 1), false));
        JsonNode batch = JSON.readTree(TransferFactory.body(transfers, true));

        assertThat(single.path("transferId").asText()).isEqualTo(transfers.get(0).transferId());
        assertThat(single.path("debitAccountId").asText()).isEqualTo(transfers.get(0).debitAccountId());
        assertThat(single.path("creditAccountId").asText()).isEqualTo(transfers.get(0).creditAccountId());
        assertThat(single.path("amount").asText()).isEqualTo(transfers.get(0).amount());
        assertThat(single.path("currency").asText()).isEqualTo("USD");
        assertThat(single.has("pending")).as("uniform sends payments, not holds").isFalse();
        assertThat(batch.path("atomic").asBoolean(true)).isFalse();
        assertThat(batch.path("transfers")).hasSize(3);
        assertThat(batch.path("transfers").get(2).path("transferId").asText()).isEqualTo(transfers.get(2).transferId());
        assertThatIllegalArgumentException().isThrownBy(() -> TransferFactory.body(transfers, false));
    }

    @Test
    void fundingGivesEachPayerInTheRangeTheSameLargeAmount() {
        TransferFactory factory = new TransferFactory(WorkloadAccounts.of("brun1", Workload.UNIFORM, 2500, 2), "f");

        List<TransferFactory.Transfer> funding = factory.funding(1000, 2000);

        assertThat(funding).hasSize(1000);
        assertThat(funding.get(0)).isEqualTo(new TransferFactory.Transfer("brun1-u-fund-1000", "brun1-u-fund", "brun1-u-p1000", "10000"));
        assertThat(funding.get(999).creditAccountId()).isEqualTo("brun1-u-p1999");
    }

    @Test
    void accountsRefuseCountsTheWorkloadCannotHave() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkloadAccounts("brun1", Workload.UNIFORM, 10, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkloadAccounts("brun1", Workload.TOP_UP, 10, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkloadAccounts("brun1", Workload.HOT_PAYEE, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkloadAccounts("b".repeat(60), Workload.HOT_PAYEE, 1, 1));
    }
}
