package dev.microledger.bench.load;

import java.util.Locale;

/** How the transfers are sent: one per request, or in batches through the batch endpoint. */
public enum Endpoint {

    SINGLE("single", 1),
    BATCH100("batch100", 100),
    BATCH1000("batch1000", 1000);

    private final String label;
    private final int batchSize;

    Endpoint(String label, int batchSize) {
        this.label = label;
        this.batchSize = batchSize;
    }

    public String label() {
        return label;
    }

    /** Transfers per request; 1 means {@code POST /transfers}, more means {@code POST /transfers/batch}. */
    public int batchSize() {
        return batchSize;
    }

    public boolean isBatch() {
        return batchSize > 1;
    }

    /**
     * The endpoint with this command-line name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Endpoint fromLabel(String label) {
        for (Endpoint endpoint : values()) {
            if (endpoint.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("unknown endpoint '" + label + "'; known: single, batch100, batch1000");
    }
}
