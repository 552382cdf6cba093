package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferBookTests {

    @Test
    void balancesAreTheSumOfTheAcknowledgedTransfersOnlyAndAddUpToZero() {
        TransferBook book = bookWithAccounts();
        book.posted(new TransferBook.Transfer("top-up", "funding", "alice", 5_000_000), Map.of("funding", 1L, "alice", 1L));
        book.posted(new TransferBook.Transfer("t-1", "alice", "news", 2_500), Map.of("alice", 2L, "news", 1L));
        book.rejected(new TransferBook.Transfer("t-2", "alice", "news", 9_000_000), "insufficient_funds");
        book.unresolved(new TransferBook.Transfer("t-3", "alice", "news", 1));

        Map<String, Long> balances = book.expectedBalances();

        assertThat(balances).containsExactly(Map.entry("funding", -5_000_000L), Map.entry("alice", 4_997_500L),
                Map.entry("news", 2_500L));
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(book.acknowledgedVersions()).containsEntry("alice", 2L).containsEntry("news", 1L);
        assertThat(book.rejectedByCode()).containsExactly(Map.entry("insufficient_funds", 1L));
        assertThat(book.isUnresolved("t-3")).isTrue();
        assertThat(book.contradictions()).isEmpty();
    }

    @Test
    void anAnswerForAnIdThatUnsaysAnEarlierOneIsAContradiction() {
        TransferBook book = bookWithAccounts();
        TransferBook.Transfer transfer = new TransferBook.Transfer("t-1", "alice", "news", 2_500);
        book.posted(transfer, Map.of());

        book.rejected(transfer, "insufficient_funds");

        assertThat(book.contradictions()).containsExactly("t-1 rejected (insufficient_funds) after it was acknowledged");
    }

    @Test
    void anAnswerAfterAnUnresolvedAttemptResolvesIt() {
        TransferBook book = bookWithAccounts();
        TransferBook.Transfer transfer = new TransferBook.Transfer("t-1", "alice", "news", 2_500);
        book.unresolved(transfer);

        book.posted(transfer, Map.of("alice", 3L));

        assertThat(book.unresolvedCount()).isZero();
        assertThat(book.postedCount()).isEqualTo(1);
    }

    @Test
    void floorsBelongToUsersAndMerchantsOnly() {
        assertThat(new TransferBook.Account("funding", "SYSTEM", 0).hasFloor()).isFalse();
        assertThat(new TransferBook.Account("kim", "USER", 5_000_000).floorMinor()).isEqualTo(-5_000_000);
        assertThat(new TransferBook.Account("news", "MERCHANT", 0).floorMinor()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "1,         0.000001",
            "2500,      0.0025",
            "1000000,   1",
            "100000000000, 100000",
            "-4999846,  -4.999846"})
    void amountsGoToTheApisTextAndBackExactly(long minor, String text) {
        assertThat(TransferBook.amountText(minor)).isEqualTo(text);
        assertThat(TransferBook.amountMinor(text)).isEqualTo(minor);
    }

    @Test
    void anAmountWithMoreDigitsThanTheScaleIsNeverRounded() {
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> TransferBook.amountMinor("0.0000001"));
    }

    @Test
    void aTransferIsSentAsTheApiWantsIt() {
        assertThat(new TransferBook.Transfer("c1-7", "payer-4", "merchant-2", 123_400).json()).isEqualTo(
                "{\"transferId\":\"c1-7\",\"debitAccountId\":\"payer-4\",\"creditAccountId\":\"merchant-2\",\"amount\":\"0.1234\","
                        + "\"currency\":\"USD\",\"category\":\"fault-run\"}");
    }

    private static TransferBook bookWithAccounts() {
        TransferBook book = new TransferBook();
        book.open(new TransferBook.Account("funding", "SYSTEM", 0));
        book.open(new TransferBook.Account("alice", "USER", 0));
        book.open(new TransferBook.Account("news", "MERCHANT", 0));
        return book;
    }
}
