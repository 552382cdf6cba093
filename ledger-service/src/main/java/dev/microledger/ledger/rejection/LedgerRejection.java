package dev.microledger.ledger.rejection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the ledger refuses, with a stable code and a sentence for people. Thrown before any
 * state changes, so a rejection never leaves anything half done.
 */
public class LedgerRejection extends RuntimeException {

    private final RejectionCode code;
    private final Map<String, Object> properties;

    public LedgerRejection(RejectionCode code, String detail) {
        this(code, detail, Map.of());
    }

    public LedgerRejection(RejectionCode code, String detail, Map<String, Object> properties) {
        // Rejections are expected outcomes, not faults: no stack trace is needed to explain them.
        super(detail, null, false, false);
        this.code = code;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public RejectionCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem document, such as the {@code accountId} that was not found. */
    public Map<String, Object> properties() {
        return properties;
    }

    public static LedgerRejection accountNotFound(String accountId) {
        return new LedgerRejection(RejectionCode.ACCOUNT_NOT_FOUND, "account '" + accountId + "' does not exist",
                Map.of("accountId", accountId));
    }

    public static LedgerRejection invalid(String detail) {
        return new LedgerRejection(RejectionCode.VALIDATION_FAILED, detail);
    }
}
