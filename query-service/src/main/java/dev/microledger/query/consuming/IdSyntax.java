package dev.microledger.query.consuming;

/**
 * The syntax of account and transfer ids, {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}: the ids of
 * the HTTP contract, which are also the ids the ledger accepts. Checked character by character:
 * the projection checks up to three ids of every event, and a regular expression's matcher was
 * the largest single cost of projecting after JSON decoding.
 */
final class IdSyntax {

    static final int LENGTH_MAX = 64;

    private IdSyntax() {
    }

    static boolean isId(String text) {
        if (text == null || text.isEmpty() || text.length() > LENGTH_MAX || !isAlphanumeric(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
