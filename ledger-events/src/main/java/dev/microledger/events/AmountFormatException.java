package dev.microledger.events;

/** A decimal string that is not an exact amount at the currency's scale. */
public final class AmountFormatException extends IllegalArgumentException {

    /** Why the text was refused. */
    public enum Reason {
        /** Not a plain decimal number. */
        INVALID,
        /** More fractional digits than the currency's scale; amounts are never rounded. */
        PRECISION_EXCEEDED,
        /** Does not fit in 64-bit minor units. */
        OUT_OF_RANGE
    }

    private final Reason reason;

    public AmountFormatException(Reason reason, String text) {
        super(describe(reason, text));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String describe(Reason reason, String text) {
        String shown = text == null ? "null" : '"' + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + '"';
        return switch (reason) {
            case INVALID -> "not a plain decimal amount: " + shown;
            case PRECISION_EXCEEDED -> "more fractional digits than the currency allows: " + shown;
            case OUT_OF_RANGE -> "amount out of range: " + shown;
        };
    }
}
