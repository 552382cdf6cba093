package dev.microledger.events;

/**
 * The account was frozen, unfrozen or closed. {@code status} is the status from this event on:
 * {@code OPEN}, {@code FROZEN} or {@code CLOSED}.
 */
public record AccountStatusChanged(String accountId, long sequence, String status) implements LedgerEventData {
}
