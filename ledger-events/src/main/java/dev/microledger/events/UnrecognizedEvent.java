package dev.microledger.events;

/**
 * An event of a type this version of the contract does not know. A consumer still sees its
 * account and sequence, so it can advance past it without leaving a gap in the stream.
 */
public record UnrecognizedEvent(String accountId, long sequence, String type) implements LedgerEventData {
}
