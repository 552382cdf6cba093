package dev.microledger.query.analytics;

/**
 * Rows as CSV (RFC 4180 quoting): a header line, then one line per row, each ended by a line
 * feed. A field is quoted when it holds a comma, a double quote, a line break, or nothing at
 * all, and a double quote inside is doubled; so {@code a "b", c} becomes {@code "a ""b"", c"}.
 * A null is an empty, unquoted field, which tells it apart from an empty text ({@code ""}).
 */
final class Csv {

    private final StringBuilder text = new StringBuilder();

    Csv(String... header) {
        line((Object[]) header);
    }

    Csv line(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            appendField(fields[i]);
        }
        text.append('\n');
        return this;
    }

    String text() {
        return text.toString();
    }

    private void appendField(Object value) {
        if (value == null) {
            return;
        }
        String field = value.toString();
        if (!needsQuotes(field)) {
            text.append(field);
            return;
        }
        text.append('"').append(field.replace("\"", "\"\"")).append('"');
    }

    private static boolean needsQuotes(String field) {
        if (field.isEmpty()) {
            return true;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
