package dev.microledger.ledger.access;

import dev.microledger.access.ApiKey;
import dev.microledger.access.ApiKeyDirectory;
import dev.microledger.access.ApiKeySecrets;
import dev.microledger.access.Role;
import dev.microledger.ledger.publishing.KeyTopicPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The keys as ledger-service checks them: read from the database into memory, so a request costs
 * no query, and read again every {@code ledger.access.refresh-millis}, so a key revoked through
 * another instance binds here too. Each read publishes whatever changed since the last
 * acknowledged publication to the key topic, so query-service learns of it; a broker that is down
 * only delays that until it is back.
 */
@Component
class LedgerKeyDirectory implements ApiKeyDirectory, SmartLifecycle {

    static final String ADMIN_KEY_NAME = "admin";

    private static final Logger log = LoggerFactory.getLogger(LedgerKeyDirectory.class);

    private final ApiKeyStore store;
    private final KeyTopicPublisher topic;
    private final AccessKeyProperties properties;
    /** Keys carry real times, also while the demo clock replays the past. */
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> lastUses = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> published = new HashMap<>();
    private volatile Map<String, ApiKey> keys = Map.of();
    private ScheduledExecutorService refresher;
    private volatile boolean running;
    private boolean warnedAboutTopic;

    LedgerKeyDirectory(ApiKeyStore store, KeyTopicPublisher topic, AccessKeyProperties properties) {
        this.store = store;
        this.topic = topic;
        this.properties = properties;
    }

    @Override
    public Optional<ApiKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public void recordUse(String keyId) {
        lastUses.put(keyId, now());
    }

    /** @return every key with the time it was last used, oldest first */
    List<ApiKeyStore.StoredKey> list() {
        Map<String, Instant> pending = Map.copyOf(lastUses);
        return store.findAll().stream().map(stored -> {
            Instant recent = pending.get(stored.key().keyId());
            Instant lastUsed = stored.lastUsedAt() == null || (recent != null && recent.isAfter(stored.lastUsedAt()))
                    ? recent : stored.lastUsedAt();
            return new ApiKeyStore.StoredKey(stored.key(), lastUsed);
        }).toList();
    }

    /** Creates a key and returns it with its secret, which is not kept anywhere. */
    synchronized CreatedKey create(String name, Set<Role> roles) {
        if (store.count() >= ApiKeyStore.KEYS_MAX) {
            throw new IllegalStateException("this ledger already holds " + ApiKeyStore.KEYS_MAX + " keys");
        }
        String secret = ApiKeySecrets.generate();
        ApiKey key = new ApiKey(ApiKeySecrets.keyId(secret).orElseThrow(), name, roles, ApiKeySecrets.hash(secret),
                now(), null);
        if (!store.insert(key)) {
            throw new IllegalStateException("a random key id was taken; try again");
        }
        refresh();
        return new CreatedKey(key, secret);
    }

    /** @return the key as revoked, or empty when there is no key of that id */
    synchronized Optional<ApiKey> revoke(String keyId) {
        store.revoke(keyId, now());
        // Read again, so that a key another instance created a moment ago is found (and revoked) too.
        refresh();
        return find(keyId);
    }

    record CreatedKey(ApiKey key, String secret) {
    }

    /** To the millisecond, which the table keeps exactly, so a key reads the same from memory and from the table. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void start() {
        bootstrapAdminKey();
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, properties.refreshMillis(), properties.refreshMillis(),
                TimeUnit.MILLISECONDS);
        refresher.scheduleWithFixedDelay(this::flushLastUses, properties.lastUsedFlushSeconds(),
                properties.lastUsedFlushSeconds(), TimeUnit.SECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        flushLastUses();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void bootstrapAdminKey() {
        String adminKey = properties.adminKey().trim();
        if (adminKey.isEmpty()) {
            if (store.count() == 0) {
                log.warn("No API key exists and none was given (MICRO_LEDGER_ADMIN_KEY): nobody can call this service. "
                        + "Start it with MICRO_LEDGER_ADMIN_KEY set to a key made by './micro-ledger keys generate'.");
            }
            return;
        }
        Optional<String> keyId = ApiKeySecrets.keyId(adminKey);
        if (keyId.isEmpty()) {
            throw new IllegalStateException("MICRO_LEDGER_ADMIN_KEY is not a key of the form mlk_<16 characters>_<43 "
                    + "characters>; make one with './micro-ledger keys generate'");
        }
        ApiKey admin = new ApiKey(keyId.get(), ADMIN_KEY_NAME, Set.of(Role.ADMIN), ApiKeySecrets.hash(adminKey),
                now(), null);
        if (store.insert(admin)) {
            log.info("Added the bootstrap admin key {}", admin.keyId());
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException exception) {
            log.warn("Reading the keys failed; the previous ones stay in force: {}", exception.getMessage());
        }
    }

    private synchronized void refresh() {
        List<ApiKeyStore.StoredKey> stored = store.findAll();
        Map<String, ApiKey> fresh = new HashMap<>(stored.size() * 2);
        stored.forEach(row -> fresh.put(row.key().keyId(), row.key()));
        keys = Map.copyOf(fresh);
        List<ApiKey> changed = new ArrayList<>();
        fresh.values().forEach(key -> {
            if (!key.equals(published.get(key.keyId()))) {
                changed.add(key);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        try {
            topic.publish(properties.keysTopic(), changed);
            changed.forEach(key -> published.put(key.keyId(), key));
            warnedAboutTopic = false;
        } catch (RuntimeException exception) {
            if (!warnedAboutTopic) {
                log.warn("{} key changes are not on {} yet; query-service learns of them once Kafka answers: {}",
                        changed.size(), properties.keysTopic(), exception.getMessage());
                warnedAboutTopic = true;
            }
        }
    }

    private void flushLastUses() {
        if (lastUses.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>(lastUses);
        try {
            store.recordUses(batch);
            batch.forEach(lastUses::remove);
        } catch (RuntimeException exception) {
            log.debug("Recording when keys were last used failed: {}", exception.getMessage());
        }
    }
}
