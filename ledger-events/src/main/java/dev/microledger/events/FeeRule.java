package dev.microledger.events;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rounding rule of fees, shared by the ledger (which computes them) and every consumer
 * (which may check them). All amounts are in minor units of the payment's currency.
 * <ul>
 *   <li>The fee of a payment of {@code amount} is {@code fixed + amount × rate} with the
 *   proportional part rounded <em>down</em> to the minor unit, then raised to {@code minimum},
 *   lowered to {@code maximum} (when there is one), and never more than {@code amount}: the
 *   merchant never nets a negative amount, and the sub-unit remainder of the rate always stays
 *   with the merchant.</li>
 *   <li>A refund returns the fee in proportion to what has been refunded in total: after refunds
 *   adding up to {@code refunded} of a payment of {@code amount} that paid {@code fee}, the fee
 *   returned so far is {@code fee × refunded / amount} rounded down. Each refund returns the
 *   difference to what was returned before, so the parts add up exactly and a full refund returns
 *   the whole fee.</li>
 * </ul>
 */
public final class FeeRule {

    private FeeRule() {
    }

    /**
     * @param amountMinor  the payment, positive
     * @param rate         the proportional part as a fraction (0.05 is 5 %), from 0 to 1
     * @param fixedMinor   the fixed part, not negative
     * @param minimumMinor the least fee, not negative
     * @param maximumMinor the largest fee, or null for none
     */
    public static long feeMinor(long amountMinor, BigDecimal rate, long fixedMinor, long minimumMinor,
                                Long maximumMinor) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a payment is positive: " + amountMinor);
        }
        long proportional = BigDecimal.valueOf(amountMinor).multiply(rate).setScale(0, RoundingMode.DOWN)
                .longValueExact();
        long fee = saturatedAdd(fixedMinor, proportional);
        fee = Math.max(fee, minimumMinor);
        if (maximumMinor != null) {
            fee = Math.min(fee, maximumMinor);
        }
        return Math.min(fee, amountMinor);
    }

    /**
     * The part of {@code feeMinor} a refund of {@code refundMinor} returns, after refunds of
     * {@code refundedBeforeMinor} of the same payment of {@code amountMinor}.
     */
    public static long returnedMinor(long feeMinor, long amountMinor, long refundedBeforeMinor, long refundMinor) {
        if (refundMinor <= 0 || refundedBeforeMinor < 0 || refundedBeforeMinor + refundMinor > amountMinor) {
            throw new IllegalArgumentException("refunds of " + refundedBeforeMinor + " and " + refundMinor
                    + " do not fit a payment of " + amountMinor);
        }
        return returnedSoFar(feeMinor, amountMinor, refundedBeforeMinor + refundMinor)
                - returnedSoFar(feeMinor, amountMinor, refundedBeforeMinor);
    }

    private static long returnedSoFar(long feeMinor, long amountMinor, long refundedMinor) {
        return BigDecimal.valueOf(feeMinor).multiply(BigDecimal.valueOf(refundedMinor))
                .divide(BigDecimal.valueOf(amountMinor), 0, RoundingMode.DOWN).longValueExact();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
