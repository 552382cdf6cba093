package dev.microledger.query.entry;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque {@code cursor} of entry paging: the sequence of the last entry a page returned,
 * so the next page starts just below it. Paging by sequence instead of by offset stays right
 * while new entries arrive on top. Clients must treat the text as opaque; its form may change.
 */
final class EntryCursor {

    private static final String PREFIX = "before:";
    private static final int CURSOR_LENGTH_MAX = 64;
    private static final Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

    private EntryCursor() {
    }

    static String encode(long sequence) {
        byte[] text = (PREFIX + sequence).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
    }

    /** The sequence the next page starts below. */
    static long decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > CURSOR_LENGTH_MAX) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(PREFIX) || !SEQUENCE.matcher(text.substring(PREFIX.length())).matches()) {
            throw invalid();
        }
        return Long.parseLong(text.substring(PREFIX.length()));
    }

    private static QueryProblem invalid() {
        return new QueryProblem(ProblemCode.VALIDATION_FAILED,
                "cursor is not one this service handed out; use the nextCursor of the previous page");
    }
}
