package dev.microledger.query.consuming;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Account rows a writer keeps in memory between its transactions, so that it does not read
 * them from the database again for every batch. Sound only for a writer that is alone on its
 * tables, as a rebuild is on the generation it builds: nobody else can change a row behind the
 * cache's back. The writer empties it whenever a transaction fails, since the rows it kept may
 * then not have been committed. Used by one thread; not thread-safe.
 */
class AccountCache {

    /** No cache: every batch reads its accounts from the database, as the live projection does. */
    static final AccountCache NONE = new AccountCache(0);

    private final int sizeMax;
    private final LinkedHashMap<String, AccountState> states;

    /** @param sizeMax the most rows kept; the least recently used go first */
    AccountCache(int sizeMax) {
        this.sizeMax = sizeMax;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AccountState> eldest) {
                return size() > AccountCache.this.sizeMax;
            }
        };
    }

    /**
     * The cached rows among {@code accountIds}. The batch works on them in place; should its
     * transaction fail, the writer empties the cache, so no state of a rolled-back batch survives.
     */
    Map<String, AccountState> take(Set<String> accountIds) {
        Map<String, AccountState> found = new HashMap<>();
        if (sizeMax == 0) {
            return found;
        }
        for (String accountId : accountIds) {
            AccountState state = states.get(accountId);
            if (state != null) {
                found.put(accountId, state);
            }
        }
        return found;
    }

    /**
     * Keeps the rows as a batch has just written them (the whole state object, so whatever a
     * projection keeps in it is kept too), each now loaded at the version it was written at.
     */
    void keep(Collection<AccountState> written) {
        for (AccountState state : written) {
            state.written();
            if (sizeMax > 0) {
                states.put(state.accountId, state);
            }
        }
    }

    void clear() {
        states.clear();
    }

    int size() {
        return states.size();
    }
}
