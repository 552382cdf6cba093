package dev.microledger.ledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.microledger.events.FreeText;
import dev.microledger.ledger.rejection.LedgerRejection;

import java.util.Map;
import java.util.regex.Pattern;

/** Checks for the fields every request shares: client-chosen ids, free text and metadata objects. */
public final class RequestFields {

    /** Ids are chosen by clients: 1 to 64 characters, starting with a letter or digit. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** Metadata is for the client's own references, not for documents: its JSON is kept small. */
    public static final int METADATA_LENGTH_MAX = 4096;

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RequestFields() {
    }

    public static String requireId(String field, String value) {
        if (value == null) {
            throw LedgerRejection.invalid(field + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw LedgerRejection.invalid(field + " must be 1 to 64 characters of [A-Za-z0-9._:-], starting with a "
                    + "letter or digit");
        }
        return value;
    }

    /**
     * Optional free text of at most {@code lengthMax} code points, by the one definition every
     * consumer of the ledger's events shares ({@link FreeText}); null stays null.
     */
    public static String optionalText(String field, String value, int lengthMax) {
        if (value == null) {
            return null;
        }
        String problem = FreeText.problem(value, lengthMax);
        if (problem != null) {
            throw LedgerRejection.invalid(field + " " + problem);
        }
        return value;
    }

    /** Required free text of 1 to {@code lengthMax} code points. */
    public static String requireText(String field, String value, int lengthMax) {
        if (value == null || value.isBlank()) {
            throw LedgerRejection.invalid(field + " is required");
        }
        return optionalText(field, value, lengthMax);
    }

    /**
     * The metadata object as canonical JSON text with its keys sorted at every level, so that
     * equal metadata gives equal text; "{}" when absent.
     */
    public static String canonicalMetadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return "{}";
        }
        if (!metadata.isObject()) {
            throw LedgerRejection.invalid("metadata must be a JSON object");
        }
        requireTextEverywhere(metadata);
        String text;
        try {
            text = CANONICAL.writeValueAsString(CANONICAL.treeToValue(metadata, Map.class));
        } catch (JsonProcessingException e) {
            throw LedgerRejection.invalid("metadata cannot be read: " + e.getOriginalMessage());
        }
        if (text.length() > METADATA_LENGTH_MAX) {
            throw LedgerRejection.invalid("metadata is larger than " + METADATA_LENGTH_MAX + " characters of JSON");
        }
        return text;
    }

    /** Every key and text value of the metadata is free text as {@link FreeText} defines it; walked without recursion. */
    private static void requireTextEverywhere(JsonNode metadata) {
        java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
        pending.push(metadata);
        int visited = 0;
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (++visited > METADATA_LENGTH_MAX) {
                throw LedgerRejection.invalid("metadata is larger than " + METADATA_LENGTH_MAX + " values");
            }
            if (node.isTextual()) {
                optionalText("metadata value", node.asText(), METADATA_LENGTH_MAX);
            }
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                optionalText("metadata key", field.getKey(), METADATA_LENGTH_MAX);
                pending.push(field.getValue());
            }
            if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
    }

    /** The metadata text back as a JSON tree for responses. */
    public static JsonNode metadataTree(String metadataJson) {
        try {
            return CANONICAL.readTree(metadataJson == null ? "{}" : metadataJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }
}
