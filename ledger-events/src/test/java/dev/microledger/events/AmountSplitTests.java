package dev.microledger.events;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmountSplitTests {

    @Test
    void aCreatorPaymentWithAPlatformFee() {
        // 1.00 USD at scale 6: 0.95 to the creator, 0.05 to the platform.
        assertThat(AmountSplit.byPercentages(1_000_000, List.of(new BigDecimal("95"), new BigDecimal("5"))))
                .containsExactly(950_000L, 50_000L);
    }

    @Test
    void leftoverMinorUnitsGoToTheLargestRemainders() {
        // 10 minor units by thirds: 3.33…, 3.33…, 3.33…; the one left over goes to the first.
        assertThat(AmountSplit.byPercentages(10, List.of(new BigDecimal("33.3333"), new BigDecimal("33.3333"),
                new BigDecimal("33.3334")))).containsExactly(3L, 3L, 4L);
        // 1 minor unit at 95/5: the whole unit goes to the larger remainder (0.95 over 0.05).
        assertThat(AmountSplit.byPercentages(1, List.of(new BigDecimal("95"), new BigDecimal("5"))))
                .containsExactly(1L, 0L);
    }

    /** The property: whatever the amount and the shares, every minor unit is allocated exactly once. */
    @RepeatedTest(500)
    void thePartsAlwaysAddUpToTheAmountAndStayWithinAUnitOfTheirShare(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition() * 7919L);
        long total = random.nextInt(4) == 0 ? random.nextInt(10) : Math.abs(random.nextLong() % 1_000_000_000_000L);
        List<BigDecimal> percentages = randomPercentages(random);

        List<Long> parts = AmountSplit.byPercentages(total, percentages);

        assertThat(parts.stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
        for (int i = 0; i < parts.size(); i++) {
            BigDecimal exact = BigDecimal.valueOf(total).multiply(percentages.get(i)).divide(BigDecimal.valueOf(100));
            BigDecimal difference = BigDecimal.valueOf(parts.get(i)).subtract(exact).abs();
            assertThat(difference).isLessThan(BigDecimal.ONE);
            assertThat(parts.get(i)).isNotNegative();
        }
    }

    @Test
    void sharesThatDoNotAddUpTo100AreRefused() {
        assertThatThrownBy(() -> AmountSplit.byPercentages(100, List.of(new BigDecimal("95"), new BigDecimal("4"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
        assertThatThrownBy(() -> AmountSplit.byPercentages(100, List.of(new BigDecimal("100"), BigDecimal.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmountSplit.byPercentages(-1, List.of(new BigDecimal("100"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 1 to 6 positive shares with up to 4 decimals that add up to exactly 100. */
    private static List<BigDecimal> randomPercentages(Random random) {
        int count = 1 + random.nextInt(6);
        int units = 1_000_000;
        List<Integer> cuts = new ArrayList<>();
        int remaining = units;
        for (int i = 0; i < count - 1 && remaining > 1; i++) {
            int cut = 1 + random.nextInt(remaining - 1);
            cuts.add(cut);
            remaining -= cut;
        }
        cuts.add(remaining);
        List<BigDecimal> percentages = new ArrayList<>();
        for (int cut : cuts) {
            percentages.add(BigDecimal.valueOf(cut, 4));
        }
        return percentages;
    }
}
