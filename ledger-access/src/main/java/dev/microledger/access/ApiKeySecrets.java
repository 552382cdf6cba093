package dev.microledger.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The form of an API key and how it is checked. A key reads {@code mlk_<keyId>_<secret>}: the
 * prefix tells what it is (in a log, a secret scanner, a leaked file), the key id names it
 * without giving it away, and the secret is 256 random bits in base64url.
 *
 * <p>Only the SHA-256 of the whole key is stored. A fast hash is right here: the secret is 256
 * random bits, so nobody can guess keys to match a stolen hash however fast the hash is, and a
 * slow password hash would cost every request milliseconds of CPU for nothing
 * (docs/DECISIONS.md, "Access"). Hashes are compared in constant time.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "mlk_";

    /** The key id: 16 lower-case base32 characters, 80 random bits, enough never to collide by chance. */
    public static final Pattern KEY_ID = Pattern.compile("[a-z2-7]{16}");

    private static final int SECRET_BYTES = 32;
    private static final int KEY_ID_BYTES = 10;
    private static final Pattern KEY = Pattern.compile("mlk_([a-z2-7]{16})_([A-Za-z0-9_-]{43})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** @return a new key: a fresh key id and 256 random bits */
    public static String generate() {
        byte[] idBytes = new byte[KEY_ID_BYTES];
        RANDOM.nextBytes(idBytes);
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + base32(idBytes) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * @param key what the caller sent
     * @return the key id it names, or empty when it does not have the form of a key
     */
    public static Optional<String> keyId(String key) {
        if (key == null || key.length() > 80) {
            return Optional.empty();
        }
        var matcher = KEY.matcher(key);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** @return the lower-case hexadecimal SHA-256 of the key, the only form in which keys are kept */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /**
     * @param storedHash the hash kept for a key id
     * @param key what the caller sent
     * @return whether the key hashes to the stored hash, compared in constant time
     */
    public static boolean matches(String storedHash, String key) {
        if (storedHash == null || key == null) {
            return false;
        }
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(key).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException exception) {
            throw new IllegalStateException("every Java runtime has SHA-256", exception);
        }
    }

    // 10 bytes are exactly 16 base32 characters.
    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (byte value : bytes) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
