package dev.microledger.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Encodes and decodes ledger events as CloudEvents 1.0 structured JSON (UTF-8). The format is
 * written out field by field, so it is exactly what {@code docs/events/} describes and never
 * depends on how a Java class happens to be shaped. Instances are thread-safe.
 */
public final class LedgerEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final ObjectMapper mapper = new ObjectMapper();

    public byte[] encode(LedgerEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", SPEC_VERSION);
        root.put("id", event.id());
        root.put("source", event.source());
        root.put("type", event.type());
        root.put("subject", event.subject());
        root.put("time", event.time().toString());
        root.put("datacontenttype", "application/json");
        root.set("data", encodeData(event.data()));
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
    }

    public LedgerEvent decode(byte[] bytes) {
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        if (!SPEC_VERSION.equals(text(root, "specversion"))) {
            throw new MalformedEventException("unsupported specversion: " + root.path("specversion"));
        }
        String type = requiredText(root, "type");
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            throw new MalformedEventException("event without data object: " + type);
        }
        Instant time;
        try {
            time = Instant.parse(requiredText(root, "time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("bad time: " + root.path("time"), e);
        }
        return new LedgerEvent(requiredText(root, "id"), requiredText(root, "source"), type, time, decodeData(type, data));
    }

    private ObjectNode encodeData(LedgerEventData data) {
        ObjectNode node = mapper.createObjectNode();
        node.put("accountId", data.accountId());
        node.put("sequence", data.sequence());
        if (data instanceof AccountOpened opened) {
            node.put("currency", opened.currency());
            node.put("scale", opened.scale());
            node.put("kind", opened.kind());
            node.put("creditLimit", opened.creditLimit());
        } else if (data instanceof AccountEntry entry) {
            node.put("direction", entry.direction().name());
            node.put("transferId", entry.transferId());
            node.put("counterpartyAccountId", entry.counterpartyAccountId());
            node.put("amount", entry.amount());
            node.put("currency", entry.currency());
            node.put("scale", entry.scale());
            putOptional(node, "category", entry.category());
            putOptional(node, "description", entry.description());
            node.put("balanceAfter", entry.balanceAfter());
        } else {
            throw new IllegalArgumentException("cannot encode an event of type " + data.getClass().getSimpleName());
        }
        return node;
    }

    private LedgerEventData decodeData(String type, JsonNode data) {
        String accountId = requiredText(data, "accountId");
        long sequence = requiredLong(data, "sequence");
        return switch (type) {
            case LedgerEventTypes.ACCOUNT_OPENED -> new AccountOpened(
                    accountId,
                    sequence,
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    requiredText(data, "kind"),
                    requiredText(data, "creditLimit"));
            case LedgerEventTypes.ACCOUNT_DEBITED -> decodeEntry(accountId, sequence, AccountEntry.Direction.DEBIT, data);
            case LedgerEventTypes.ACCOUNT_CREDITED -> decodeEntry(accountId, sequence, AccountEntry.Direction.CREDIT, data);
            default -> new UnrecognizedEvent(accountId, sequence, type);
        };
    }

    private AccountEntry decodeEntry(String accountId, long sequence, AccountEntry.Direction direction, JsonNode data) {
        return new AccountEntry(
                accountId,
                sequence,
                direction,
                requiredText(data, "transferId"),
                requiredText(data, "counterpartyAccountId"),
                requiredText(data, "amount"),
                requiredText(data, "currency"),
                requiredInt(data, "scale"),
                text(data, "category"),
                text(data, "description"),
                requiredText(data, "balanceAfter"));
    }

    private static void putOptional(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedEventException("missing text field: " + field);
        }
        return value.asText();
    }

    private static long requiredLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new MalformedEventException("missing integer field: " + field);
        }
        return value.asLong();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt()) {
            throw new MalformedEventException("missing integer field: " + field);
        }
        return value.asInt();
    }
}
