package dev.microledger.ledger.money;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * The largest amounts the ledger accepts, per currency, in major units ({@code ledger.amounts.*}).
 * They keep every sum far from the range of a {@code long}: a million transfers of the largest
 * amount still fit in one balance.
 *
 * @param transferMax the largest amount of one transfer, hold, refund, limit or budget
 * @param creditLimitMax the largest credit limit of an account
 */
@ConfigurationProperties(prefix = "ledger.amounts")
public record AmountLimitProperties(Map<String, String> transferMax, Map<String, String> creditLimitMax) {

    public AmountLimitProperties {
        transferMax = transferMax == null ? Map.of() : Map.copyOf(transferMax);
        creditLimitMax = creditLimitMax == null ? Map.of() : Map.copyOf(creditLimitMax);
    }
}
