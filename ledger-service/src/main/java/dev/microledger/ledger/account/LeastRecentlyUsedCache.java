package dev.microledger.ledger.account;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A cache for loaded aggregates that holds at most a fixed number of entries and drops the least
 * recently used one when full, so memory stays bounded however many accounts exist. One lock
 * guards it: lookups are a hash probe, far cheaper than the commands around them.
 */
final class LeastRecentlyUsedCache implements Cache {

    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    LeastRecentlyUsedCache(int entriesMax) {
        if (entriesMax < 1) {
            throw new IllegalArgumentException("entriesMax must be positive: " + entriesMax);
        }
        this.entries = new LinkedHashMap<>(Math.min(entriesMax, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() <= entriesMax) {
                    return false;
                }
                listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                return true;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        Object previous = entries.put(key, value);
        listeners.forEach(listener -> {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object current = entries.get(key);
        if (current != null) {
            return (T) current;
        }
        T created = valueSupplier.get();
        put(key, created);
        return created;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object current = entries.get(key);
        if (current != null) {
            put(key, update.apply((V) current));
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
