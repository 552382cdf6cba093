package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.FeeSchedule;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fee schedule that applies to a merchant (its own, else the ledger's default for its
 * currency, {@link FeeDefaults}), and which revenue account each merchant's fees go to, known
 * before a command locks its accounts:
 * a payment to a merchant with a fee schedule changes three accounts, and all three must be
 * locked in id order before anything else happens ({@link AccountLocks}).
 * <p>
 * The schedule read once the merchant is locked is what counts. What is known here is learnt
 * from it: after a start, or when the schedule names another account than the one known,
 * the command is refused as a race ({@link ConcurrencyException}) and run again, now with the
 * right account locked. That costs one retry per merchant after a start or a change of revenue
 * account.
 */
@Component
class FeeRoutes {

    private final Map<String, String> revenueByMerchant = new ConcurrentHashMap<>();
    private final FeeDefaults defaults;

    FeeRoutes(FeeDefaults defaults) {
        this.defaults = defaults;
    }

    /** The schedule a payment to {@code merchant} (locked) pays by, or null for none. */
    FeeSchedule scheduleOf(Aggregate<Account> merchant) {
        FeeSchedule own = merchant.invoke(Account::feeSchedule);
        if (own != null || !merchant.invoke(Account::isMerchant)) {
            return own;
        }
        return defaults.of(merchant.invoke(Account::currency));
    }

    /** The revenue accounts of those of {@code accountIds} known to have a fee schedule. */
    Set<String> revenueAccountsOf(Collection<String> accountIds) {
        Set<String> revenue = new HashSet<>();
        if (revenueByMerchant.isEmpty()) {
            return revenue;
        }
        for (String accountId : accountIds) {
            String route = revenueByMerchant.get(accountId);
            if (route != null) {
                revenue.add(route);
            }
        }
        return revenue;
    }

    /**
     * Learns the route of a merchant whose schedule was set ({@code schedule} null: removed; the
     * next payment learns the default's route, if any).
     */
    void learn(String merchantAccountId, FeeSchedule schedule) {
        if (schedule == null) {
            revenueByMerchant.remove(merchantAccountId);
        } else {
            revenueByMerchant.put(merchantAccountId, schedule.revenueAccountId());
        }
    }

    /**
     * Checks, with the accounts locked, that the revenue account of each of {@code merchantIds}
     * that pays fees was locked too; learns the routes that were not known and has the command run
     * again when one was missing. A known route whose account is still missing does not exist: the
     * payment is refused then ({@link Fees#of}), not run again.
     */
    void requireLocked(Map<String, Aggregate<Account>> loaded, Collection<String> merchantIds) {
        boolean missing = false;
        for (String merchantId : merchantIds) {
            Aggregate<Account> merchant = loaded.get(merchantId);
            if (merchant == null) {
                continue;
            }
            FeeSchedule schedule = scheduleOf(merchant);
            if (schedule != null && !loaded.containsKey(schedule.revenueAccountId())
                    && !schedule.revenueAccountId().equals(revenueByMerchant.get(merchantId))) {
                learn(merchantId, schedule);
                missing = true;
            }
        }
        if (missing) {
            throw new ConcurrencyException("a fee schedule names a revenue account that was not locked; "
                    + "running the command again with it");
        }
    }
}
