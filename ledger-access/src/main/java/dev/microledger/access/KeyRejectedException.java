package dev.microledger.access;

import org.springframework.security.authentication.BadCredentialsException;

/** A bearer key that lets nobody in, with the reason for the metrics and the key id it named, if any. */
final class KeyRejectedException extends BadCredentialsException {

    private final String reason;
    private final String keyId;

    KeyRejectedException(String reason, String keyId, String message) {
        super(message);
        this.reason = reason;
        this.keyId = keyId;
    }

    String reason() {
        return reason;
    }

    String keyId() {
        return keyId;
    }
}
