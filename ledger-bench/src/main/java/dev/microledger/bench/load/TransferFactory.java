package dev.microledger.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the transfers of a workload and writes their request bodies. Thread-safe: ids come from
 * one counter and choices from each thread's own random generator.
 */
public final class TransferFactory {

    /** Uniform and hot-payee amounts: 0.0001 to 1.0000 USD in steps of 0.0001. */
    static final int PAYMENT_TEN_THOUSANDTHS_MAX = 10_000;
    /** Top-up amounts: 1.00 to 100.00 USD in cents. */
    static final int TOP_UP_CENTS_MIN = 100;
    static final int TOP_UP_CENTS_MAX = 10_000;
    /** Each payer starts with this much, far more than any run can spend at 1 USD a payment at most. */
    static final String FUNDING_AMOUNT = "10000";
    /** Mixed: one transfer in this many is a hold. */
    static final int MIXED_HOLD_ONE_IN = 10;
    /** Mixed: one transfer in this many asks for more than the per-transfer limit. */
    static final int MIXED_OVER_LIMIT_ONE_IN = 50;
    /** Mixed: holds are left to expire; short, so the expiry runs during the measured window. */
    static final int MIXED_HOLD_TIMEOUT_SECONDS = 2;
    /** Mixed: the payers' per-transfer limit; every other amount is at most 1.0000. */
    public static final String MIXED_PER_TRANSFER_LIMIT = "2";

    private final WorkloadAccounts accounts;
    private final String transferIdPrefix;
    private final AtomicLong nextTransferNumber = new AtomicLong();

    /**
     * @param accounts the workload's accounts
     * @param phase a short tag that makes this factory's transfer ids unique within the run, such as "s" or "b100"
     */
    public TransferFactory(WorkloadAccounts accounts, String phase) {
        this.accounts = accounts;
        this.transferIdPrefix = accounts.runId() + "-" + accounts.workload().abbreviation() + phase + "-";
    }

    /** One transfer of the workload, with a fresh id. */
    Transfer next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String transferId = transferIdPrefix + Long.toString(nextTransferNumber.getAndIncrement(), Character.MAX_RADIX);
        return switch (accounts.workload()) {
            case MIXED -> mixed(transferId, random);
            case UNIFORM, HOT_PAYEE, FEES -> new Transfer(transferId,
                    accounts.payer(random.nextInt(accounts.payerCount())),
                    accounts.payee(random.nextInt(accounts.payeeCount())),
                    tenThousandths(1 + random.nextInt(PAYMENT_TEN_THOUSANDTHS_MAX)));
            case TOP_UP -> new Transfer(transferId,
                    accounts.fundingAccountId(),
                    accounts.payer(random.nextInt(accounts.payerCount())),
                    cents(TOP_UP_CENTS_MIN + random.nextInt(TOP_UP_CENTS_MAX - TOP_UP_CENTS_MIN + 1)));
        };
    }

    private Transfer mixed(String transferId, ThreadLocalRandom random) {
        String payer = accounts.payer(random.nextInt(accounts.payerCount()));
        String payee = accounts.payee(random.nextInt(accounts.payeeCount()));
        int draw = random.nextInt(MIXED_HOLD_ONE_IN * MIXED_OVER_LIMIT_ONE_IN);
        if (draw < MIXED_HOLD_ONE_IN) {
            // 2.0001 to 3.0000: above the per-transfer limit of 2, so declined as limit_exceeded.
            return new Transfer(transferId, payer, payee, tenThousandths(20_000 + 1 + random.nextInt(PAYMENT_TEN_THOUSANDTHS_MAX)));
        }
        String amount = tenThousandths(1 + random.nextInt(PAYMENT_TEN_THOUSANDTHS_MAX));
        if (draw % MIXED_HOLD_ONE_IN == 0) {
            return new Transfer(transferId, payer, payee, amount, MIXED_HOLD_TIMEOUT_SECONDS);
        }
        return new Transfer(transferId, payer, payee, amount);
    }

    /** As many transfers as one request of the endpoint carries. */
    List<Transfer> next(int count) {
        List<Transfer> transfers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transfers.add(next());
        }
        return transfers;
    }

    /**
     * The funding transfers of payers {@code fromIndex} (inclusive) to {@code toIndex}
     * (exclusive): the SYSTEM account pays each of them {@value #FUNDING_AMOUNT} USD.
     */
    List<Transfer> funding(int fromIndex, int toIndex) {
        List<Transfer> transfers = new ArrayList<>(toIndex - fromIndex);
        for (int index = fromIndex; index < toIndex; index++) {
            String transferId = accounts.runId() + "-" + accounts.workload().abbreviation() + "-fund-" + index;
            transfers.add(new Transfer(transferId, accounts.fundingAccountId(), accounts.payer(index), FUNDING_AMOUNT));
        }
        return transfers;
    }

    /**
     * The body of {@code POST /transfers} for one transfer, or of {@code POST /transfers/batch}.
     * Written by hand: the fields are fixed and plain, and the load generator should spend its
     * CPU on sending rather than on serializing.
     */
    public static String body(List<Transfer> transfers, boolean batch) {
        if (!batch) {
            if (transfers.size() != 1) {
                throw new IllegalArgumentException("the single endpoint takes one transfer, not " + transfers.size());
            }
            return json(transfers.get(0), new StringBuilder(200)).toString();
        }
        StringBuilder body = new StringBuilder(32 + transfers.size() * 200);
        body.append("{\"atomic\":false,\"transfers\":[");
        for (int i = 0; i < transfers.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            json(transfers.get(i), body);
        }
        return body.append("]}").toString();
    }

    // Ids are letters, digits and '-' only, and amounts are plain decimals, so nothing needs escaping.
    private static StringBuilder json(Transfer transfer, StringBuilder out) {
        out.append("{\"transferId\":\"").append(transfer.transferId())
                .append("\",\"debitAccountId\":\"").append(transfer.debitAccountId())
                .append("\",\"creditAccountId\":\"").append(transfer.creditAccountId())
                .append("\",\"amount\":\"").append(transfer.amount())
                .append("\",\"currency\":\"USD\",\"category\":\"bench\"");
        if (transfer.holdTimeoutSeconds() != null) {
            out.append(",\"pending\":{\"timeoutSeconds\":").append(transfer.holdTimeoutSeconds()).append('}');
        }
        return out.append('}');
    }

    public static String tenThousandths(int value) {
        return (value / 10_000) + "." + pad(value % 10_000, 4);
    }

    static String cents(int value) {
        return (value / 100) + "." + pad(value % 100, 2);
    }

    private static String pad(int value, int digits) {
        String text = Integer.toString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    /**
     * One transfer as sent.
     *
     * @param holdTimeoutSeconds null for a payment, else the timeout of a hold
     */
    public record Transfer(String transferId, String debitAccountId, String creditAccountId, String amount,
            Integer holdTimeoutSeconds) {

        public Transfer(String transferId, String debitAccountId, String creditAccountId, String amount) {
            this(transferId, debitAccountId, creditAccountId, amount, null);
        }
    }
}
