package dev.microledger.ledger.account;

import dev.microledger.ledger.money.Money;

import dev.microledger.ledger.audit.CallerMetaData;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What one side of a transfer needs to know to be applied to an account. {@code actor} and
 * {@code requestId} say who asked for it when the command carries transfers of several callers
 * (group commit); null leaves them to the command's own metadata.
 */
public record Posting(
        String transferId,
        String counterpartyAccountId,
        Money amount,
        String category,
        String description,
        Instant occurredAt,
        EntryKind kind,
        String refundOf,
        String actor,
        String requestId) {

    public Posting(String transferId, String counterpartyAccountId, Money amount, String category,
                   String description, Instant occurredAt, EntryKind kind, String refundOf) {
        this(transferId, counterpartyAccountId, amount, category, description, occurredAt, kind, refundOf, null, null);
    }

    /** One side of a plain payment. */
    public Posting(String transferId, String counterpartyAccountId, Money amount, String category,
                   String description, Instant occurredAt) {
        this(transferId, counterpartyAccountId, amount, category, description, occurredAt, EntryKind.PAYMENT, null);
    }

    /** The same posting on behalf of a caller. */
    public Posting by(String newActor, String newRequestId) {
        return new Posting(transferId, counterpartyAccountId, amount, category, description, occurredAt, kind, refundOf,
                newActor, newRequestId);
    }

    /** The event metadata that names the caller; empty when the command's own metadata does. */
    MetaData callerMetaData() {
        Map<String, Object> values = new HashMap<>();
        if (actor != null) {
            values.put(CallerMetaData.ACTOR, actor);
        }
        if (requestId != null) {
            values.put(CallerMetaData.REQUEST_ID, requestId);
        }
        return MetaData.from(values);
    }
}
