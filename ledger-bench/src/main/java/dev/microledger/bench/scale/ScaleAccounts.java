package dev.microledger.bench.scale;

/**
 * The accounts of the scale workload: one SYSTEM funding account, one hot MERCHANT and USER
 * payers for the rest, named after the run so that runs never collide.
 *
 * @param runId the run's id
 * @param accounts all accounts, the funding account and the hot merchant among them
 */
public record ScaleAccounts(String runId, int accounts) {

    /** The funding account and the hot merchant. */
    static final int NON_PAYERS = 2;

    public ScaleAccounts {
        if (accounts < NON_PAYERS + 2) {
            throw new IllegalArgumentException("the scale workload needs at least " + (NON_PAYERS + 2) + " accounts: " + accounts);
        }
    }

    public String fundingAccountId() {
        return runId + "-s-fund";
    }

    public String hotAccountId() {
        return runId + "-s-hot";
    }

    public int payerCount() {
        return accounts - NON_PAYERS;
    }

    /** Payer {@code index}, from 0 to {@link #payerCount()} - 1; base 36 keeps a million ids short. */
    public String payer(int index) {
        if (index < 0 || index >= payerCount()) {
            throw new IndexOutOfBoundsException("payer " + index + " of " + payerCount());
        }
        return runId + "-s-p" + Integer.toString(index, Character.MAX_RADIX);
    }
}
