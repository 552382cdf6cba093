package dev.microledger.ledger.access;

import dev.microledger.access.ApiKey;
import dev.microledger.access.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys in ledger-service's database: the one place keys are created and revoked. */
@Repository
class ApiKeyStore {

    /** More keys than this is a mistake (a loop creating keys), not a configuration. */
    static final int KEYS_MAX = 10_000;

    private final JdbcTemplate jdbc;

    ApiKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<StoredKey> findAll() {
        return jdbc.query("SELECT key_id, name, roles, key_hash, created_at, last_used_at, revoked_at FROM api_key "
                + "ORDER BY created_at, key_id FETCH FIRST " + (KEYS_MAX + 1) + " ROWS ONLY", ApiKeyStore::map);
    }

    long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM api_key", Long.class);
        return count == null ? 0 : count;
    }

    /** @return whether the key was inserted (false when its id is already taken) */
    boolean insert(ApiKey key) {
        return jdbc.update("INSERT INTO api_key (key_id, name, roles, key_hash, created_at) SELECT ?, ?, ?, ?, ? "
                        + "WHERE NOT EXISTS (SELECT 1 FROM api_key WHERE key_id = ?)",
                key.keyId(), key.name(), roles(key.roles()), key.hash(), time(key.createdAt()), key.keyId()) == 1;
    }

    /** Revokes the key unless it is already revoked; the first revocation's time stays. */
    void revoke(String keyId, Instant at) {
        jdbc.update("UPDATE api_key SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL", time(at), keyId);
    }

    void recordUses(Map<String, Instant> lastUses) {
        List<Object[]> rows = lastUses.entrySet().stream()
                .map(use -> new Object[] {time(use.getValue()), use.getKey(), time(use.getValue())})
                .toList();
        jdbc.batchUpdate("UPDATE api_key SET last_used_at = ? WHERE key_id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)", rows);
    }

    /** A key as stored, with the time it was last used (which only this service tracks). */
    record StoredKey(ApiKey key, Instant lastUsedAt) {
    }

    private static StoredKey map(ResultSet row, int rowNumber) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(row.getString("roles").split(","))
                .forEach(name -> Role.fromWireName(name).ifPresent(roles::add));
        return new StoredKey(new ApiKey(row.getString("key_id"), row.getString("name"), roles, row.getString("key_hash"),
                instant(row, "created_at"), instant(row, "revoked_at")), instant(row, "last_used_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).collect(Collectors.joining(","));
    }
}
