package dev.microledger.query.analytics;

import java.util.regex.Pattern;

/**
 * Rows as CSV (RFC 4180 quoting): a header line, then one line per row, each ended by a line
 * feed. A field is quoted when it holds a comma, a double quote, a line break, or nothing at
 * all, and a double quote inside is doubled; so {@code a "b", c} becomes {@code "a ""b"", c"}.
 * A null is an empty, unquoted field, which tells it apart from an empty text ({@code ""}).
 *
 * <p>A spreadsheet runs a cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab
 * or a carriage return as a formula, so a category {@code =HYPERLINK(...)} could act on an
 * analyst's machine. Such a field gets a leading {@code '} (OWASP's rule for CSV injection), unless
 * it is a plain decimal number such as the balance {@code -1.5}, which no spreadsheet runs.
 */
public final class Csv {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final StringBuilder text = new StringBuilder();

    public Csv(String... header) {
        line((Object[]) header);
    }

    public Csv line(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            appendField(fields[i]);
        }
        text.append('\n');
        return this;
    }

    public String text() {
        return text.toString();
    }

    private void appendField(Object value) {
        if (value == null) {
            return;
        }
        String field = neutralised(value.toString());
        if (!needsQuotes(field)) {
            text.append(field);
            return;
        }
        text.append('"').append(field.replace("\"", "\"\"")).append('"');
    }

    static String neutralised(String field) {
        if (field.isEmpty() || PLAIN_NUMBER.matcher(field).matches()) {
            return field;
        }
        char first = field.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + field : field;
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
