package dev.microledger.events;

/**
 * The one definition of valid free text (categories, descriptions, names, metadata), used by
 * ledger-service at its edge and by every consumer of its events: Unicode without control
 * characters (C0, DEL, C1) and without unpaired surrogates, its length counted in code points.
 * What the ledger accepts, its consumers accept.
 */
public final class FreeText {

    /** The most code points of a transfer's category. */
    public static final int CATEGORY_LENGTH_MAX = 64;
    /** The most code points of a transfer's description. */
    public static final int DESCRIPTION_LENGTH_MAX = 256;

    private FreeText() {
    }

    /**
     * @param value the text, not null
     * @param lengthMax the most code points allowed
     * @return null when the text is valid, else what is wrong with it, as a phrase such as
     *     "holds a control character (U+0000) at position 3"
     */
    public static String problem(String value, int lengthMax) {
        int codePoints = 0;
        for (int index = 0; index < value.length(); ) {
            char unit = value.charAt(index);
            int codePoint;
            if (Character.isHighSurrogate(unit)) {
                if (index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1))) {
                    return "holds an unpaired surrogate at position " + codePoints;
                }
                codePoint = Character.toCodePoint(unit, value.charAt(index + 1));
                index += 2;
            } else if (Character.isLowSurrogate(unit)) {
                return "holds an unpaired surrogate at position " + codePoints;
            } else {
                codePoint = unit;
                index++;
            }
            if (Character.getType(codePoint) == Character.CONTROL) {
                return String.format("holds a control character (U+%04X) at position %d", codePoint, codePoints);
            }
            codePoints++;
            if (codePoints > lengthMax) {
                return "is longer than " + lengthMax + " characters";
            }
        }
        return null;
    }

    /** @return whether the text is valid free text of at most {@code lengthMax} code points */
    public static boolean isValid(String value, int lengthMax) {
        return value != null && problem(value, lengthMax) == null;
    }
}
