package dev.microledger.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.microledger.bench.load.TransferFactory;

/**
 * The transfers of the scale workload, by number: every {@value #HOT_EVERY}th credits the hot
 * merchant, the others go from one payer to another, both at random. A batch is the same every
 * time it is made (its random choices are seeded by its first number), so a retried batch repeats
 * the same transfers under the same ids and the ledger answers it from its registry.
 */
final class ScaleTransfers {

    static final int HOT_EVERY = 10;
    /** Each payer gets this much; at most 1 USD a transfer, so even 20 payments per payer are far from it. */
    static final String FUNDING_AMOUNT = "10000";
    static final int AMOUNT_TEN_THOUSANDTHS_MAX = 10_000;

    private final ScaleAccounts accounts;

    ScaleTransfers(ScaleAccounts accounts) {
        this.accounts = accounts;
    }

    /** Transfers {@code from} (inclusive) to {@code to} (exclusive). */
    List<TransferFactory.Transfer> batch(long from, long to) {
        SplittableRandom random = new SplittableRandom(from);
        List<TransferFactory.Transfer> transfers = new ArrayList<>((int) (to - from));
        int payers = accounts.payerCount();
        for (long number = from; number < to; number++) {
            int debit = random.nextInt(payers);
            String credit;
            if (number % HOT_EVERY == 0) {
                credit = accounts.hotAccountId();
            } else {
                credit = accounts.payer((debit + 1 + random.nextInt(payers - 1)) % payers);
            }
            String amount = TransferFactory.tenThousandths(1 + random.nextInt(AMOUNT_TEN_THOUSANDTHS_MAX));
            transfers.add(new TransferFactory.Transfer(transferId("t", number), accounts.payer(debit), credit, amount));
        }
        return transfers;
    }

    /** The funding of payers {@code from} (inclusive) to {@code to} (exclusive) by the SYSTEM account. */
    List<TransferFactory.Transfer> funding(int from, int to) {
        List<TransferFactory.Transfer> transfers = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            transfers.add(new TransferFactory.Transfer(transferId("f", index), accounts.fundingAccountId(), accounts.payer(index),
                    FUNDING_AMOUNT));
        }
        return transfers;
    }

    String transferId(String kind, long number) {
        return accounts.runId() + "-s" + kind + Long.toString(number, Character.MAX_RADIX);
    }

    /** How many of the first {@code count} transfers credit the hot merchant. */
    static long hotCount(long count) {
        return (count + HOT_EVERY - 1) / HOT_EVERY;
    }
}
