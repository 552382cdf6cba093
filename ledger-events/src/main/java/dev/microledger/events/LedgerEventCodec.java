package dev.microledger.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes ledger events as CloudEvents 1.0 structured JSON (UTF-8). The format is
 * written out field by field, so it is exactly what {@code docs/events/} describes and never
 * depends on how a Java class happens to be shaped. Instances are thread-safe.
 */
public final class LedgerEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public byte[] encode(LedgerEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", SPEC_VERSION);
        root.put("id", event.id());
        root.put("source", event.source());
        root.put("type", event.type());
        root.put("subject", event.subject());
        root.put("time", event.time().toString());
        root.put("datacontenttype", "application/json");
        // CloudEvents extension attributes: lower-case letters and digits only.
        putOptional(root, "actor", event.actor());
        putOptional(root, "requestid", event.requestId());
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
            time = InstantText.parse(requiredText(root, "time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("bad time: " + root.path("time"), e);
        }
        return new LedgerEvent(requiredText(root, "id"), requiredText(root, "source"), type, time, decodeData(type, data),
                freeText(root, "actor", LedgerEvent.ACTOR_LENGTH_MAX),
                freeText(root, "requestid", LedgerEvent.ACTOR_LENGTH_MAX));
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
            putOptional(node, "displayName", opened.displayName());
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
            node.put("kind", entry.kind().name());
            putOptional(node, "refundOf", entry.refundOf());
        } else if (data instanceof AccountStatusChanged changed) {
            node.put("status", changed.status());
        } else if (data instanceof AccountLimitsSet limits) {
            putOptional(node, "perTransfer", limits.perTransfer());
            putOptional(node, "daily", limits.daily());
            putOptional(node, "monthly", limits.monthly());
            if (limits.perMinuteCount() != null) {
                node.put("perMinuteCount", limits.perMinuteCount());
            }
            node.put("timezone", limits.timezone());
        } else if (data instanceof AccountBudgetSet budget) {
            node.put("monthly", budget.monthly());
            ArrayNode thresholds = node.putArray("alertThresholds");
            budget.alertThresholds().forEach(thresholds::add);
        } else if (data instanceof PaymentDeclined declined) {
            node.put("transferId", declined.transferId());
            node.put("counterpartyAccountId", declined.counterpartyAccountId());
            node.put("amount", declined.amount());
            node.put("currency", declined.currency());
            node.put("scale", declined.scale());
            putOptional(node, "category", declined.category());
            node.put("reason", declined.reason());
            putOptional(node, "limit", declined.limit());
            putOptional(node, "layer", declined.layer());
        } else if (data instanceof HoldPlaced hold) {
            node.put("transferId", hold.transferId());
            node.put("counterpartyAccountId", hold.counterpartyAccountId());
            node.put("amount", hold.amount());
            node.put("currency", hold.currency());
            node.put("scale", hold.scale());
            putOptional(node, "category", hold.category());
            putOptional(node, "description", hold.description());
            node.put("expiresAt", hold.expiresAt().toString());
        } else if (data instanceof HoldReleased released) {
            node.put("transferId", released.transferId());
            node.put("amount", released.amount());
            node.put("posted", released.posted());
            node.put("currency", released.currency());
            node.put("scale", released.scale());
            node.put("reason", released.reason());
        } else if (data instanceof AccountFeesSet fees) {
            putOptional(node, "rate", fees.rate());
            putOptional(node, "fixed", fees.fixed());
            putOptional(node, "minimum", fees.minimum());
            putOptional(node, "maximum", fees.maximum());
            putOptional(node, "revenueAccountId", fees.revenueAccountId());
        } else if (data instanceof AccountPayoutsSet payouts) {
            putOptional(node, "frequency", payouts.frequency());
            putOptional(node, "payoutAccountId", payouts.payoutAccountId());
            putOptional(node, "minimum", payouts.minimum());
            putOptional(node, "timezone", payouts.timezone());
        } else if (data instanceof BillIssued bill) {
            node.put("billId", bill.billId());
            node.put("periodStart", bill.periodStart().toString());
            node.put("periodEnd", bill.periodEnd().toString());
            node.put("amountDue", bill.amountDue());
            node.put("currency", bill.currency());
            node.put("scale", bill.scale());
            node.put("dueAt", bill.dueAt().toString());
            node.put("firstSequence", bill.firstSequence());
            node.put("lastSequence", bill.lastSequence());
            ArrayNode lines = node.putArray("lines");
            for (BillIssued.Line line : bill.lines()) {
                ObjectNode item = lines.addObject();
                item.put("merchantAccountId", line.merchantAccountId());
                putOptional(item, "category", line.category());
                item.put("count", line.count());
                item.put("total", line.total());
            }
        } else if (data instanceof BillPaid paid) {
            node.put("billId", paid.billId());
            node.put("paymentId", paid.paymentId());
            node.put("amount", paid.amount());
            node.put("amountPaid", paid.amountPaid());
            node.put("currency", paid.currency());
            node.put("scale", paid.scale());
            node.put("status", paid.status());
        } else if (data instanceof SettlementMade settlement) {
            node.put("settlementId", settlement.settlementId());
            node.put("cutoff", settlement.cutoff().toString());
            node.put("count", settlement.count());
            node.put("gross", settlement.gross());
            node.put("fees", settlement.fees());
            node.put("refunds", settlement.refunds());
            node.put("net", settlement.net());
            node.put("currency", settlement.currency());
            node.put("scale", settlement.scale());
            node.put("payoutAccountId", settlement.payoutAccountId());
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
                    requiredText(data, "creditLimit"),
                    freeText(data, "displayName", AccountOpened.DISPLAY_NAME_LENGTH_MAX));
            case LedgerEventTypes.ACCOUNT_DEBITED -> decodeEntry(accountId, sequence, AccountEntry.Direction.DEBIT, data);
            case LedgerEventTypes.ACCOUNT_CREDITED -> decodeEntry(accountId, sequence, AccountEntry.Direction.CREDIT, data);
            case LedgerEventTypes.ACCOUNT_STATUS_CHANGED -> new AccountStatusChanged(accountId, sequence,
                    requiredText(data, "status"));
            case LedgerEventTypes.ACCOUNT_LIMITS_SET -> new AccountLimitsSet(
                    accountId,
                    sequence,
                    text(data, "perTransfer"),
                    text(data, "daily"),
                    text(data, "monthly"),
                    optionalInt(data, "perMinuteCount"),
                    requiredText(data, "timezone"));
            case LedgerEventTypes.ACCOUNT_BUDGET_SET -> new AccountBudgetSet(accountId, sequence,
                    requiredText(data, "monthly"), decimals(data, "alertThresholds"));
            case LedgerEventTypes.PAYMENT_DECLINED -> new PaymentDeclined(
                    accountId,
                    sequence,
                    requiredText(data, "transferId"),
                    requiredText(data, "counterpartyAccountId"),
                    requiredText(data, "amount"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    freeText(data, "category", FreeText.CATEGORY_LENGTH_MAX),
                    requiredText(data, "reason"),
                    text(data, "limit"),
                    text(data, "layer"));
            case LedgerEventTypes.HOLD_PLACED -> new HoldPlaced(
                    accountId,
                    sequence,
                    requiredText(data, "transferId"),
                    requiredText(data, "counterpartyAccountId"),
                    requiredText(data, "amount"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    freeText(data, "category", FreeText.CATEGORY_LENGTH_MAX),
                    freeText(data, "description", FreeText.DESCRIPTION_LENGTH_MAX),
                    requiredInstant(data, "expiresAt"));
            case LedgerEventTypes.HOLD_RELEASED -> new HoldReleased(
                    accountId,
                    sequence,
                    requiredText(data, "transferId"),
                    requiredText(data, "amount"),
                    requiredText(data, "posted"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    requiredText(data, "reason"));
            case LedgerEventTypes.FEES_SET -> new AccountFeesSet(
                    accountId,
                    sequence,
                    text(data, "rate"),
                    text(data, "fixed"),
                    text(data, "minimum"),
                    text(data, "maximum"),
                    text(data, "revenueAccountId"));
            case LedgerEventTypes.PAYOUTS_SET -> new AccountPayoutsSet(
                    accountId,
                    sequence,
                    text(data, "frequency"),
                    text(data, "payoutAccountId"),
                    text(data, "minimum"),
                    text(data, "timezone"));
            case LedgerEventTypes.BILL_ISSUED -> new BillIssued(
                    accountId,
                    sequence,
                    requiredText(data, "billId"),
                    requiredInstant(data, "periodStart"),
                    requiredInstant(data, "periodEnd"),
                    requiredText(data, "amountDue"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    requiredInstant(data, "dueAt"),
                    requiredLong(data, "firstSequence"),
                    requiredLong(data, "lastSequence"),
                    billLines(data));
            case LedgerEventTypes.BILL_PAID -> new BillPaid(
                    accountId,
                    sequence,
                    requiredText(data, "billId"),
                    requiredText(data, "paymentId"),
                    requiredText(data, "amount"),
                    requiredText(data, "amountPaid"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    requiredText(data, "status"));
            case LedgerEventTypes.SETTLEMENT_MADE -> new SettlementMade(
                    accountId,
                    sequence,
                    requiredText(data, "settlementId"),
                    requiredInstant(data, "cutoff"),
                    requiredLong(data, "count"),
                    requiredText(data, "gross"),
                    requiredText(data, "fees"),
                    requiredText(data, "refunds"),
                    requiredText(data, "net"),
                    requiredText(data, "currency"),
                    requiredInt(data, "scale"),
                    requiredText(data, "payoutAccountId"));
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
                freeText(data, "category", FreeText.CATEGORY_LENGTH_MAX),
                freeText(data, "description", FreeText.DESCRIPTION_LENGTH_MAX),
                requiredText(data, "balanceAfter"),
                entryKind(data),
                text(data, "refundOf"));
    }

    private static AccountEntry.Kind entryKind(JsonNode data) {
        String kind = text(data, "kind");
        if (kind == null) {
            // Entries written before the field existed are plain payments.
            return AccountEntry.Kind.PAYMENT;
        }
        try {
            return AccountEntry.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("unknown entry kind: " + kind);
        }
    }

    /** The most lines of one bill on the wire: one per merchant and category. */
    public static final int BILL_LINES_MAX = 10_000;

    private static List<BillIssued.Line> billLines(JsonNode data) {
        JsonNode value = data.get("lines");
        if (value == null || !value.isArray()) {
            throw new MalformedEventException("missing array field: lines");
        }
        if (value.size() > BILL_LINES_MAX) {
            throw new MalformedEventException("a bill of more than " + BILL_LINES_MAX + " lines");
        }
        List<BillIssued.Line> lines = new ArrayList<>(value.size());
        for (JsonNode line : value) {
            if (!line.isObject()) {
                throw new MalformedEventException("a bill line that is not an object");
            }
            lines.add(new BillIssued.Line(requiredText(line, "merchantAccountId"),
                    freeText(line, "category", FreeText.CATEGORY_LENGTH_MAX), requiredLong(line, "count"),
                    requiredText(line, "total")));
        }
        return lines;
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw new MalformedEventException("not an integer field: " + field);
        }
        return value.asInt();
    }

    private static List<BigDecimal> decimals(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new MalformedEventException("missing array field: " + field);
        }
        List<BigDecimal> numbers = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isNumber()) {
                throw new MalformedEventException("not a number in " + field + ": " + element);
            }
            numbers.add(element.decimalValue());
        }
        return numbers;
    }

    private static Instant requiredInstant(JsonNode node, String field) {
        try {
            return InstantText.parse(requiredText(node, field));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("bad instant in " + field + ": " + node.path(field), e);
        }
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

    /** Optional free text, valid by the same definition the ledger applies at its edge ({@link FreeText}). */
    private static String freeText(JsonNode node, String field, int lengthMax) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        String problem = FreeText.problem(value, lengthMax);
        if (problem != null) {
            throw new MalformedEventException(field + " " + problem);
        }
        return value;
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
