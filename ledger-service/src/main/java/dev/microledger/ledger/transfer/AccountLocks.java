package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads, and so locks for the rest of the unit of work, the accounts a command touches, always
 * in the order of their ids: two commands then take their locks in the same order and cannot
 * deadlock, however their accounts cross.
 */
@Component
class AccountLocks {

    private final Repository<Account> accounts;

    AccountLocks(Repository<Account> accounts) {
        this.accounts = accounts;
    }

    /** The accounts that exist among {@code accountIds}, by id; missing ones are left out. */
    Map<String, Aggregate<Account>> loadInIdOrder(Collection<String> accountIds) {
        Map<String, Aggregate<Account>> loaded = new HashMap<>();
        for (String accountId : new TreeSet<>(accountIds)) {
            try {
                loaded.put(accountId, accounts.load(accountId));
            } catch (AggregateNotFoundException missing) {
                // Left out of the map: whatever names it is refused with account_not_found.
            }
        }
        return loaded;
    }
}
