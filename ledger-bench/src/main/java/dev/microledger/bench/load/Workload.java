package dev.microledger.bench.load;

import java.util.Locale;

/**
 * The traffic shapes the benchmark drives. Each has its own accounts, opened and funded before
 * its first run, so the workloads do not disturb one another.
 */
public enum Workload {

    /** Many payers to a hundred merchants: little contention, the ledger's best case. */
    UNIFORM("uniform", "u", "USER payers to MERCHANT payees chosen at random, amounts 0.0001 to 1.0000 USD"),

    /** Many payers to one merchant: every transfer credits the same account. */
    HOT_PAYEE("hot-payee", "h", "USER payers to one MERCHANT payee, amounts 0.0001 to 1.0000 USD"),

    /** One SYSTEM funding account to many users: every transfer debits the same account. */
    TOP_UP("top-up", "t", "the SYSTEM funding account to USER accounts chosen at random, amounts 1.00 to 100.00 USD"),

    /**
     * Uniform's shape with the ledger's policy work in it: every payer has spending limits, a
     * velocity limit and a budget, every merchant a fee schedule; one transfer in ten is a hold
     * that expires by itself, one in fifty is above the per-transfer limit and declined.
     */
    MIXED("mixed", "x", "as uniform, but payers have limits (perTransfer 2, daily, monthly, perMinuteCount in Asia/Seoul) "
            + "and a budget, merchants a fee schedule as in fees; 10 % are holds of 2 s left to expire, 2 % exceed "
            + "perTransfer and are declined"),

    /**
     * Uniform's shape with fees: every merchant has a fee schedule, all paying one SYSTEM revenue
     * account, so every payment is three accounts and one of them is the same for all.
     */
    FEES("fees", "f", "as uniform, but every merchant has a fee schedule (2.9 % + 0.0003 USD, at most 0.05 USD) paying "
            + "one SYSTEM revenue account: every payment also credits that account");

    private final String label;
    private final String abbreviation;
    private final String description;

    Workload(String label, String abbreviation, String description) {
        this.label = label;
        this.abbreviation = abbreviation;
        this.description = description;
    }

    /** The name on the command line and in the report. */
    public String label() {
        return label;
    }

    /** A short tag for account ids, which may be at most 64 characters. */
    public String abbreviation() {
        return abbreviation;
    }

    public String description() {
        return description;
    }

    /**
     * How many payees the workload pays, given the configured merchant count.
     *
     * @param merchants the merchants of the uniform workload
     * @return the number of credit accounts; for top-up these are the users
     */
    public int payeeCount(int merchants) {
        return switch (this) {
            case UNIFORM, MIXED, FEES -> merchants;
            case HOT_PAYEE -> 1;
            case TOP_UP -> 0;
        };
    }

    /**
     * The workload with this command-line name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Workload fromLabel(String label) {
        for (Workload workload : values()) {
            if (workload.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return workload;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + label + "'; known: uniform, hot-payee, top-up, mixed, fees");
    }
}
