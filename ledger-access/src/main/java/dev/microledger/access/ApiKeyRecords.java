package dev.microledger.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The record of one key on the key topic ({@code ledger.keys}, compacted, keyed by key id):
 * {@code {"keyId","name","roles":[...],"hash","createdAt","revokedAt"}}. ledger-service writes
 * one whenever a key is created or revoked; query-service keeps the last one of each key.
 * The hash of a 256-bit secret gives nobody the key, so the topic carries no secret.
 */
public final class ApiKeyRecords {

    /** A record larger than this is not a key record. */
    public static final int RECORD_BYTES_MAX = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiKeyRecords() {
    }

    public static byte[] encode(ApiKey key) {
        ObjectNode node = JSON.createObjectNode();
        node.put("keyId", key.keyId());
        node.put("name", key.name());
        ArrayNode roles = node.putArray("roles");
        key.roles().stream().sorted().forEach(role -> roles.add(role.wireName()));
        node.put("hash", key.hash());
        node.put("createdAt", key.createdAt().toString());
        node.put("revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException exception) {
            throw new IllegalStateException("a key record always encodes", exception);
        }
    }

    /**
     * @param bytes a record's value
     * @return the key it describes
     * @throws IllegalArgumentException when it is not a well-formed key record
     */
    public static ApiKey decode(byte[] bytes) {
        if (bytes == null || bytes.length > RECORD_BYTES_MAX) {
            throw new IllegalArgumentException("a key record is 1 to " + RECORD_BYTES_MAX + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            String keyId = text(node, "keyId");
            if (!ApiKeySecrets.KEY_ID.matcher(keyId).matches()) {
                throw new IllegalArgumentException("not a key id: " + keyId);
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (JsonNode role : node.path("roles")) {
                roles.add(Role.fromWireName(role.asText())
                        .orElseThrow(() -> new IllegalArgumentException("unknown role " + role.asText())));
            }
            String revokedAt = node.path("revokedAt").isTextual() ? node.get("revokedAt").asText() : null;
            return new ApiKey(keyId, text(node, "name"), roles, text(node, "hash"),
                    Instant.parse(text(node, "createdAt")), revokedAt == null ? null : Instant.parse(revokedAt));
        } catch (IOException | DateTimeParseException exception) {
            throw new IllegalArgumentException("not a key record: " + exception.getMessage(), exception);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a key record needs the text field " + field);
        }
        return value.asText();
    }
}
