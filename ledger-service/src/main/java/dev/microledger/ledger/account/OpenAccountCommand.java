package dev.microledger.ledger.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens an account, or confirms that the same account is already open. {@code metadataJson} is
 * the client's metadata object as JSON text, kept verbatim.
 */
public record OpenAccountCommand(
        @TargetAggregateIdentifier String accountId,
        String currency,
        AccountKind kind,
        long creditLimitMinor,
        String metadataJson) {
}
