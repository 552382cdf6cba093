package dev.microledger.events;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fee rule's promises, over generated payments, schedules and refund sequences. */
class FeeRulePropertyTests {

    @Provide
    Arbitrary<BigDecimal> rates() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(8);
    }

    @Property
    void theFeeIsNeverNegativeNorMoreThanThePayment(@ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amount,
                                                    @ForAll("rates") BigDecimal rate,
                                                    @ForAll @LongRange(max = 10_000_000) long fixed,
                                                    @ForAll @LongRange(max = 10_000_000) long minimum) {
        long fee = FeeRule.feeMinor(amount, rate, fixed, minimum, null);

        assertThat(fee).isBetween(0L, amount);
        assertThat(amount - fee).isNotNegative();
    }

    @Property
    void theRateIsRoundedDownSoTheRemainderStaysWithTheMerchant(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amount, @ForAll("rates") BigDecimal rate) {
        long fee = FeeRule.feeMinor(amount, rate, 0, 0, null);
        BigDecimal exact = BigDecimal.valueOf(amount).multiply(rate);

        assertThat(BigDecimal.valueOf(fee)).isLessThanOrEqualTo(exact);
        assertThat(BigDecimal.valueOf(fee + 1)).isGreaterThan(exact);
    }

    @Property
    void minimumAndMaximumBoundTheFeeUpToThePayment(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long amount,
                                                    @ForAll("rates") BigDecimal rate,
                                                    @ForAll @LongRange(max = 1_000_000) long minimum,
                                                    @ForAll @LongRange(max = 1_000_000) long extra) {
        long maximum = minimum + extra;
        long fee = FeeRule.feeMinor(amount, rate, 0, minimum, maximum);

        assertThat(fee).isLessThanOrEqualTo(Math.min(maximum, amount));
        assertThat(fee).isGreaterThanOrEqualTo(Math.min(minimum, amount));
    }

    @Property
    void refundsGiveTheFeeBackExactlyWhateverTheirSizes(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long amount,
                                                        @ForAll("rates") BigDecimal rate,
                                                        @ForAll @IntRange(min = 1, max = 20) int parts,
                                                        @ForAll long seed) {
        long fee = FeeRule.feeMinor(amount, rate, 1, 0, null);
        List<Long> refunds = split(amount, parts, seed);
        long refunded = 0;
        long returned = 0;
        for (long refund : refunds) {
            long part = FeeRule.returnedMinor(fee, amount, refunded, refund);
            assertThat(part).isBetween(0L, refund);
            refunded += refund;
            returned += part;
            // Returned so far is always the proportional share, rounded down: the same for any split.
            assertThat(returned).isEqualTo(BigDecimal.valueOf(fee).multiply(BigDecimal.valueOf(refunded))
                    .divide(BigDecimal.valueOf(amount), 0, java.math.RoundingMode.DOWN).longValueExact());
        }
        assertThat(refunded).isEqualTo(amount);
        assertThat(returned).isEqualTo(fee);
    }

    /** {@code amount} split into at most {@code parts} positive parts, deterministically from {@code seed}. */
    private static List<Long> split(long amount, int parts, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Long> result = new ArrayList<>();
        long left = amount;
        for (int i = 1; i < parts && left > 1; i++) {
            long part = 1 + (long) (random.nextDouble() * (left - 1));
            result.add(part);
            left -= part;
        }
        result.add(left);
        return result;
    }
}
