package dev.microledger.query.spending;

import java.math.BigInteger;

/**
 * Whether a month's spending keeps to its budget. OVER once spending is above the budget; AHEAD
 * when it is above the budget's share for the days elapsed (the current day counted in full) plus
 * a tolerance in percent of the budget; ON_TRACK otherwise. The spending summary and the
 * BUDGET_PACE alert both judge with this one rule.
 */
public enum BudgetPace {
    ON_TRACK,
    AHEAD,
    OVER;

    /**
     * The pace of {@code spentMinor} against {@code budgetMinor} with {@code daysElapsed} of
     * {@code daysInMonth} days gone. Compared in exact integers: spent × days × 100 against
     * budget × (elapsed × 100 + tolerance × days), which may exceed the range of a long.
     */
    public static BudgetPace of(long spentMinor, long budgetMinor, int daysElapsed, int daysInMonth,
                                int tolerancePercent) {
        if (budgetMinor <= 0 || daysInMonth <= 0 || daysElapsed < 0 || daysElapsed > daysInMonth) {
            throw new IllegalArgumentException("budget " + budgetMinor + ", day " + daysElapsed + " of " + daysInMonth);
        }
        if (spentMinor > budgetMinor) {
            return OVER;
        }
        BigInteger spent = BigInteger.valueOf(spentMinor).multiply(BigInteger.valueOf(daysInMonth * 100L));
        BigInteger plan = BigInteger.valueOf(budgetMinor)
                .multiply(BigInteger.valueOf(daysElapsed * 100L + (long) tolerancePercent * daysInMonth));
        return spent.compareTo(plan) > 0 ? AHEAD : ON_TRACK;
    }

    /** The budget's share for the days elapsed, without tolerance, in minor units rounded down. */
    public static long plannedMinor(long budgetMinor, int daysElapsed, int daysInMonth) {
        return BigInteger.valueOf(budgetMinor).multiply(BigInteger.valueOf(daysElapsed))
                .divide(BigInteger.valueOf(daysInMonth)).longValueExact();
    }
}
