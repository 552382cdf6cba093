package dev.microledger.events;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The integrity check of the ledger's events: a keyed hash chain per account. The link of an
 * account's event is
 * <pre>
 *   link(n) = HMAC-SHA256(key, link(n - 1) || value(n))
 * </pre>
 * where {@code value(n)} is the exact bytes of the event as it travels on the topic (the Kafka
 * record's value) and {@code link(-1)} is {@link #START}, 32 zero bytes. The link travels in the
 * record header {@link #HEADER}. Because each link commits to the one before it, a forged,
 * altered, dropped or reordered event does not verify against the last link its consumer
 * accepted; because the hash is keyed, someone who can write the topic but does not hold the key
 * cannot make a link that verifies. {@code docs/events/integrity.md} describes it for other consumers.
 *
 * <p>Instances are thread-safe.
 */
public final class EventChain {

    /** The Kafka record header that carries an event's link: the 32 bytes of the HMAC, raw. */
    public static final String HEADER = "ledger-chain";

    /** The most bytes of an encoded key; more would only be hashed down by HMAC. */
    public static final int KEY_BYTES_MIN = 32;
    public static final int KEY_BYTES_MAX = 64;
    public static final int LINK_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] START_BYTES = new byte[LINK_BYTES];

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param keyBytes the secret, {@value #KEY_BYTES_MIN} to {@value #KEY_BYTES_MAX} bytes; copied
     * @throws IllegalArgumentException when the key is too short or too long
     */
    public EventChain(byte[] keyBytes) {
        if (keyBytes == null || keyBytes.length < KEY_BYTES_MIN || keyBytes.length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException("the event chain key must have " + KEY_BYTES_MIN + " to " + KEY_BYTES_MAX
                    + " bytes, had " + (keyBytes == null ? 0 : keyBytes.length));
        }
        this.key = new SecretKeySpec(keyBytes.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * Reads a key written as base64 (standard or URL-safe alphabet), as the key files and the
     * environment variable hold it.
     *
     * @param text the key in base64; surrounding white space is ignored
     * @return the chain with that key
     * @throws IllegalArgumentException when the text is not base64 or the key has the wrong length
     */
    public static EventChain ofBase64(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the event chain key is empty");
        }
        String trimmed = text.trim();
        byte[] bytes;
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the event chain key is not base64: " + e.getMessage(), e);
        }
        try {
            return new EventChain(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @return a copy of the link before an account's first event: 32 zero bytes */
    public static byte[] start() {
        return START_BYTES.clone();
    }

    /**
     * The link of an event.
     *
     * @param previous the link of the account's previous event, or {@link #start()} for its first
     * @param value the event's bytes as they are on the topic
     * @return the event's link, {@value #LINK_BYTES} bytes
     */
    public byte[] link(byte[] previous, byte[] value) {
        if (previous == null || previous.length != LINK_BYTES) {
            throw new IllegalArgumentException("a previous link has " + LINK_BYTES + " bytes");
        }
        Mac mac = macs.get();
        mac.update(previous);
        return mac.doFinal(value);
    }

    /**
     * Whether an event's link is the one its bytes and the previous link make, compared in
     * constant time.
     *
     * @param previous the link of the account's previous event, or {@link #start()}
     * @param value the event's bytes as they are on the topic
     * @param claimed the link the record carries; null or of the wrong length never verifies
     * @return true when the link is right
     */
    public boolean verifies(byte[] previous, byte[] value, byte[] claimed) {
        if (claimed == null || claimed.length != LINK_BYTES || value == null) {
            return false;
        }
        return MessageDigest.isEqual(link(previous, value), claimed);
    }

    /** @return the link as URL-safe base64 without padding, as logs and answers show it */
    public static String text(byte[] link) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(link);
    }

    /** @return the link written by {@link #text}, or null when the text is not one */
    public static byte[] parseText(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] link = Base64.getUrlDecoder().decode(text);
            return link.length == LINK_BYTES ? link : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "EventChain[" + ALGORITHM + "]";
    }
}
