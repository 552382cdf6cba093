package dev.microledger.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.microledger.bench.load.TransferFactory;
import org.junit.jupiter.api.Test;

class ScaleTransfersTests {

    private final ScaleAccounts accounts = new ScaleAccounts("b1", 1_000);
    private final ScaleTransfers transfers = new ScaleTransfers(accounts);

    @Test
    void everyTenthTransferCreditsTheHotMerchantAndTheOthersGoBetweenTwoDifferentPayers() {
        List<TransferFactory.Transfer> batch = transfers.batch(0, 1_000);

        long hot = batch.stream().filter(transfer -> transfer.creditAccountId().equals(accounts.hotAccountId())).count();
        assertThat(hot).isEqualTo(100).isEqualTo(ScaleTransfers.hotCount(1_000));
        for (TransferFactory.Transfer transfer : batch) {
            assertThat(transfer.debitAccountId()).startsWith("b1-s-p").isNotEqualTo(transfer.creditAccountId());
            assertThat(new BigDecimal(transfer.amount())).isBetween(new BigDecimal("0.0001"), BigDecimal.ONE);
        }
    }

    @Test
    void aBatchIsTheSameEveryTimeSoARetryRepeatsTheSameTransfersUnderTheSameIds() {
        assertThat(transfers.batch(5_000, 6_000)).isEqualTo(transfers.batch(5_000, 6_000));
        assertThat(transfers.batch(5_000, 6_000)).isNotEqualTo(transfers.batch(6_000, 7_000));
    }

    @Test
    void transferIdsAreUniqueAcrossBatchesAndFundingAndUseOnlyIdCharacters() {
        Set<String> ids = new HashSet<>();
        transfers.batch(0, 2_000).forEach(transfer -> ids.add(transfer.transferId()));
        transfers.funding(0, 998).forEach(transfer -> ids.add(transfer.transferId()));
        assertThat(ids).hasSize(2_998).allMatch(id -> id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}"));
    }

    @Test
    void fundingPaysEachPayerOnceFromTheSystemAccount() {
        List<TransferFactory.Transfer> funding = transfers.funding(10, 20);

        assertThat(funding).hasSize(10).allMatch(transfer -> transfer.debitAccountId().equals(accounts.fundingAccountId()));
        assertThat(funding).extracting(TransferFactory.Transfer::creditAccountId).doesNotHaveDuplicates()
                .contains(accounts.payer(10), accounts.payer(19));
    }

    @Test
    void accountsAreTheFundingAccountTheHotMerchantAndPayersForTheRest() {
        assertThat(accounts.payerCount()).isEqualTo(998);
        assertThat(accounts.payer(997)).isEqualTo("b1-s-p" + Integer.toString(997, 36));
        assertThatThrownBy(() -> accounts.payer(998)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ScaleAccounts("b1", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScaleTransfers.hotCount(10_000_000)).isEqualTo(1_000_000);
        assertThat(ScaleTransfers.hotCount(11)).isEqualTo(2);
    }
}
