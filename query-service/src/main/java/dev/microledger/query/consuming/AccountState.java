package dev.microledger.query.consuming;

import java.time.Instant;

/**
 * The projection's working copy of one account row during one batch. It is loaded once per
 * batch, changed in memory by each applied event, and written back once, with the version it
 * was loaded at as the condition of the update.
 */
final class AccountState {

    /** The version of an account that does not exist yet: its AccountOpened event has sequence 0. */
    static final long VERSION_NONE = -1;

    final String accountId;
    final String currency;
    final int scale;
    final String kind;
    final long creditLimitMinor;
    final Instant openedAt;
    /** The version the row had in the database when the batch began; {@link #VERSION_NONE} for a new row. */
    long loadedVersion;

    String status;
    long balanceMinor;
    long pendingMinor;
    long version;
    Instant updatedAt;
    /** The link of the last event applied (docs/events/integrity.md); null for rows from before links. */
    byte[] chain;
    /** The name from the account's opening, written with the new row only (it never changes); may be null. */
    String displayName;

    AccountState(String accountId, String currency, int scale, String kind, String status, long balanceMinor,
                 long pendingMinor, long creditLimitMinor, long version, Instant openedAt, Instant updatedAt,
                 long loadedVersion) {
        this.accountId = accountId;
        this.currency = currency;
        this.scale = scale;
        this.kind = kind;
        this.status = status;
        this.balanceMinor = balanceMinor;
        this.pendingMinor = pendingMinor;
        this.creditLimitMinor = creditLimitMinor;
        this.version = version;
        this.openedAt = openedAt;
        this.updatedAt = updatedAt;
        this.loadedVersion = loadedVersion;
    }

    boolean isNew() {
        return loadedVersion == VERSION_NONE;
    }

    boolean isChanged() {
        return version != loadedVersion;
    }

    /**
     * The batch has written this state: it is now the row as the database has it, and the next
     * batch may start from it (a rebuild keeps states between batches, see {@link AccountCache}).
     */
    void written() {
        loadedVersion = version;
    }
}
