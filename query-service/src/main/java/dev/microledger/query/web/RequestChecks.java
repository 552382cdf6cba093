package dev.microledger.query.web;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Parses and checks the parameters that several endpoints share. Parameters arrive as text and
 * are parsed here, so every refusal says in words what was wrong and carries
 * {@code validation_failed}, rather than whatever a framework conversion error would say.
 */
public final class RequestChecks {

    /** The ids of the HTTP contract: 1 to 64 characters, starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** A version has at most 18 digits, so it always fits in a long. */
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");
    private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,9}");

    private RequestChecks() {
    }

    public static String accountId(String accountId) {
        if (accountId == null || !ID.matcher(accountId).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED,
                    "accountId must be 1 to 64 characters of letters, digits and . _ : -, starting with a letter or digit");
        }
        return accountId;
    }

    /** The optional {@code minVersion} parameter: absent, or a non-negative integer. */
    public static OptionalLong minVersion(String minVersion) {
        if (minVersion == null) {
            return OptionalLong.empty();
        }
        if (!VERSION.matcher(minVersion).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED,
                    "minVersion must be a non-negative integer of at most 18 digits");
        }
        return OptionalLong.of(Long.parseLong(minVersion));
    }

    /** An optional integer parameter between {@code min} and {@code max}, or its default when absent. */
    public static int intInRange(String name, String text, int defaultValue, int min, int max) {
        if (text == null) {
            return defaultValue;
        }
        int value = SMALL_NUMBER.matcher(text).matches() ? Integer.parseInt(text) : -1;
        if (value < min || value > max) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED,
                    name + " must be an integer from " + min + " to " + max);
        }
        return value;
    }
}
