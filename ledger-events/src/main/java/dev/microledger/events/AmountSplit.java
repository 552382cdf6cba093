package dev.microledger.events;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount in minor units into parts by percentages, such as a creator payment of 95 %
 * to the creator and 5 % to the platform, so that the parts always add up to the amount: each
 * part gets the whole minor units of its exact share, and the minor units left over go one each
 * to the parts with the largest remainders (ties to the earlier part). The legs of an atomic
 * batch built from the parts therefore move exactly the amount the payer was charged.
 */
public final class AmountSplit {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AmountSplit() {
    }

    /**
     * @param totalMinor  the amount to split, in minor units, not negative
     * @param percentages the shares, each positive, adding up to exactly 100
     * @return the parts in the order of the percentages, adding up to {@code totalMinor}
     */
    public static List<Long> byPercentages(long totalMinor, List<BigDecimal> percentages) {
        if (totalMinor < 0) {
            throw new IllegalArgumentException("the amount to split is negative: " + totalMinor);
        }
        if (percentages.isEmpty()) {
            throw new IllegalArgumentException("at least one percentage is needed");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal percentage : percentages) {
            if (percentage.signum() <= 0) {
                throw new IllegalArgumentException("every percentage must be positive: " + percentage);
            }
            sum = sum.add(percentage);
        }
        if (sum.compareTo(HUNDRED) != 0) {
            throw new IllegalArgumentException("the percentages add up to " + sum.toPlainString() + ", not 100");
        }
        BigDecimal total = BigDecimal.valueOf(totalMinor);
        List<Long> parts = new ArrayList<>(percentages.size());
        List<BigDecimal> remainders = new ArrayList<>(percentages.size());
        long allocated = 0;
        for (BigDecimal percentage : percentages) {
            BigDecimal exact = total.multiply(percentage);
            BigDecimal[] division = exact.divideAndRemainder(HUNDRED);
            long whole = division[0].toBigIntegerExact().longValueExact();
            parts.add(whole);
            remainders.add(division[1]);
            allocated += whole;
        }
        long left = totalMinor - allocated;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            int index = order.get(k);
            parts.set(index, parts.get(index) + 1);
        }
        return parts;
    }
}
