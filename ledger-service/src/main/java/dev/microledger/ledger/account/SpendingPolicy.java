package dev.microledger.ledger.account;

import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.money.Money;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The ledger-wide layer of spending limits: a monthly cap per currency on every USER account,
 * above the account's own limits (like a carrier's legal cap on phone-bill payments), and the
 * most holds one account may have pending. Also formats the amounts a limit decline reports.
 */
@Component
public class SpendingPolicy {

    static final int PENDING_HOLDS_PER_ACCOUNT_DEFAULT = 10_000;

    private final Currencies currencies;
    private final Map<String, Long> monthlyCapsMinor = new HashMap<>();
    private final int pendingHoldsMax;

    public SpendingPolicy(SpendingLimitProperties properties, Currencies currencies) {
        this.currencies = currencies;
        if (properties.systemMonthlyCaps() != null) {
            properties.systemMonthlyCaps().forEach((currency, cap) -> {
                Money parsed = currencies.parsePositive("ledger.limits.system-monthly-caps." + currency, cap, currency);
                monthlyCapsMinor.put(currency, parsed.amountMinor());
            });
        }
        this.pendingHoldsMax = properties.pendingHoldsPerAccountMax() == null
                ? PENDING_HOLDS_PER_ACCOUNT_DEFAULT : properties.pendingHoldsPerAccountMax();
        if (pendingHoldsMax < 1) {
            throw new IllegalArgumentException("ledger.limits.pending-holds-per-account-max must be at least 1");
        }
    }

    /** The ledger-wide monthly cap on USER accounts in this currency, if one is configured. */
    OptionalLong systemMonthlyCapMinor(String currency) {
        Long cap = monthlyCapsMinor.get(currency);
        return cap == null ? OptionalLong.empty() : OptionalLong.of(cap);
    }

    int pendingHoldsMax() {
        return pendingHoldsMax;
    }

    String format(long amountMinor, String currency) {
        return currencies.format(amountMinor, currency);
    }
}
