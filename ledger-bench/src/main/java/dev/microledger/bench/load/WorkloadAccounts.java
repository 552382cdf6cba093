package dev.microledger.bench.load;

/**
 * The accounts of one workload in one benchmark run. Every id starts with the run's id, so runs
 * against the same long-running services never collide.
 *
 * @param runId the run's id, a few letters and digits
 * @param workload the workload
 * @param payerCount payers (users for top-up)
 * @param payeeCount payees (0 for top-up, whose payees are the users)
 */
public record WorkloadAccounts(String runId, Workload workload, int payerCount, int payeeCount) {

    /** The longest id the API accepts. */
    static final int ACCOUNT_ID_LENGTH_MAX = 64;

    public WorkloadAccounts {
        if (payerCount < 1) {
            throw new IllegalArgumentException("payerCount must be positive: " + payerCount);
        }
        if (workload == Workload.TOP_UP ? payeeCount != 0 : payeeCount < 1) {
            throw new IllegalArgumentException(workload.label() + " cannot have " + payeeCount + " payees");
        }
        if (fundingAccountId(runId, workload).length() + 8 > ACCOUNT_ID_LENGTH_MAX) {
            throw new IllegalArgumentException("runId is too long for account ids: " + runId);
        }
    }

    /**
     * The accounts a workload needs with the benchmark's counts.
     *
     * @param payers payers per workload
     * @param merchants merchants of the uniform workload
     */
    public static WorkloadAccounts of(String runId, Workload workload, int payers, int merchants) {
        return new WorkloadAccounts(runId, workload, payers, workload.payeeCount(merchants));
    }

    /** The i-th USER account: a payer, or for top-up a user being topped up. */
    public String payer(int index) {
        return prefix() + "p" + index;
    }

    /** The i-th MERCHANT account. */
    public String payee(int index) {
        return prefix() + "m" + index;
    }

    /** The SYSTEM account that funds the payers, and for top-up is the payer of every transfer. */
    public String fundingAccountId() {
        return fundingAccountId(runId, workload);
    }

    /** The SYSTEM account the fees workload's merchants pay their fees to. */
    public String revenueAccountId() {
        return prefix() + "fees";
    }

    /** Whether the payers need money before they pay; top-up's users only receive. */
    public boolean payersNeedFunds() {
        return workload != Workload.TOP_UP;
    }

    private String prefix() {
        return runId + "-" + workload.abbreviation() + "-";
    }

    private static String fundingAccountId(String runId, Workload workload) {
        return runId + "-" + workload.abbreviation() + "-fund";
    }
}
