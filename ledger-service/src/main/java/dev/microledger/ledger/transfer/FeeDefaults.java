package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.FeeSchedule;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The ledger's default fee schedule per currency ({@code ledger.fees.defaults.<CURRENCY>.*}): what a
 * payment to a MERCHANT account without a schedule of its own pays. A merchant's own schedule
 * always wins; removing it brings the default back. Read once at start and checked then: a
 * schedule the ledger could not apply stops the start with the property that is wrong.
 */
@Component
class FeeDefaults {

    private static final Logger log = LoggerFactory.getLogger(FeeDefaults.class);

    private final Map<String, FeeSchedule> byCurrency = new HashMap<>();

    FeeDefaults(FeeDefaultProperties properties, Currencies currencies) {
        if (properties.defaults() == null) {
            return;
        }
        properties.defaults().forEach((currency, part) -> {
            String prefix = "ledger.fees.defaults." + currency;
            if (part == null || part.revenueAccountId() == null || part.revenueAccountId().isBlank()) {
                throw new IllegalArgumentException(prefix + ".revenue-account-id is required: the SYSTEM account "
                        + "of " + currency + " that receives the fees");
            }
            try {
                currencies.scaleOf(currency);
                byCurrency.put(currency, FeeParts.schedule(part.rate(), part.fixed(), part.minimum(), part.maximum(),
                        part.revenueAccountId(), currency, currencies));
            } catch (LedgerRejection e) {
                throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
            }
            log.info("Default fee schedule for {}: rate {}, fixed {}, minimum {}, maximum {}, to '{}'", currency,
                    part.rate() == null ? "0" : part.rate(), part.fixed() == null ? "0" : part.fixed(),
                    part.minimum() == null ? "0" : part.minimum(), part.maximum() == null ? "none" : part.maximum(),
                    part.revenueAccountId());
        });
    }

    /** The default schedule of {@code currency}, or null when it has none. */
    FeeSchedule of(String currency) {
        return byCurrency.get(currency);
    }
}
