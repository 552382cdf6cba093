package dev.microledger.ledger.account;

import dev.microledger.events.FeeRule;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a merchant pays on each payment it receives, in minor units of its currency, and the
 * SYSTEM account the fees go to. The rounding rule is {@link FeeRule}'s.
 *
 * @param rate             the proportional part as a fraction (0.05 is 5 %), from 0 to 1
 * @param maximumMinor     the largest fee of one payment, or null for none
 * @param revenueAccountId the SYSTEM account, of the merchant's currency, that receives the fees
 */
public record FeeSchedule(BigDecimal rate, long fixedMinor, long minimumMinor, Long maximumMinor,
                          String revenueAccountId) {

    public FeeSchedule {
        Objects.requireNonNull(revenueAccountId, "revenueAccountId");
        rate = rate.stripTrailingZeros();
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a fee rate is from 0 to 1: " + rate);
        }
        if (fixedMinor < 0 || minimumMinor < 0 || (maximumMinor != null && maximumMinor < minimumMinor)) {
            throw new IllegalArgumentException("fee parts are not negative and the maximum is at least the minimum");
        }
    }

    /** The fee of a payment of {@code amountMinor}. */
    public long feeMinor(long amountMinor) {
        return FeeRule.feeMinor(amountMinor, rate, fixedMinor, minimumMinor, maximumMinor);
    }
}
