package dev.microledger.launcher.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A month of ledger history to seed, as commands in time order: each {@link Step} is a moment the
 * ledger's clock is set to, with the commands sent at that moment. Every transfer, fee, bill and
 * settlement carries the outcome the planner's own model of the ledger expects, and the plan ends
 * with the balance it expects of every account, so a seeding can be checked against it.
 *
 * @param seed the random seed the plan was made from; the same seed and end give the same plan
 * @param start the moment of the first step
 * @param end no step is later than this
 * @param accounts every account the plan opens
 * @param steps the steps, strictly increasing in time
 * @param closingBalancesMinor every account's balance after the last step, by account id
 */
public record DemoPlan(long seed, Instant start, Instant end, List<Account> accounts, List<Step> steps,
                       Map<String, Long> closingBalancesMinor) {

    /** The fractional digits of each currency the plan uses, as the ledger's defaults configure them. */
    public static final Map<String, Integer> SCALES = Map.of("USD", 6, "KRW", 2);

    public DemoPlan {
        accounts = List.copyOf(accounts);
        steps = List.copyOf(steps);
        closingBalancesMinor = Collections.unmodifiableMap(new TreeMap<>(closingBalancesMinor));
    }

    /** Every operation of the plan of the given kind, in the order they are sent. */
    public <T extends Operation> List<T> operations(Class<T> type) {
        return steps.stream().flatMap(step -> step.operations().stream())
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** Every transfer of the plan, in the order it is sent. */
    public List<Transfer> transfers() {
        return operations(Batch.class).stream().flatMap(batch -> batch.transfers().stream()).toList();
    }

    /** The amount as the API writes it: a plain decimal string in major units. */
    public static String decimal(long amountMinor, String currency) {
        return BigDecimal.valueOf(amountMinor, scale(currency)).stripTrailingZeros().toPlainString();
    }

    public static int scale(String currency) {
        Integer scale = SCALES.get(currency);
        if (scale == null) {
            throw new IllegalArgumentException("the demo plans no " + currency + " amounts");
        }
        return scale;
    }

    /** An account to open; {@code displayName}, when not null, goes into its metadata as the name people see. */
    public record Account(String accountId, String currency, String kind, long creditLimitMinor, String displayName) {

        public Account(String accountId, String currency, String kind, long creditLimitMinor) {
            this(accountId, currency, kind, creditLimitMinor, null);
        }
    }

    public record Step(Instant at, List<Operation> operations) {
        public Step {
            Objects.requireNonNull(at, "at");
            operations = List.copyOf(operations);
        }
    }

    /** One command, or one batch of transfers, sent to ledger-service. */
    public sealed interface Operation permits OpenAccount, SetLimits, SetBudget, SetFees, Batch, PostHold, VoidHold, Refund,
            Freeze, CloseBillingPeriod, PayBill, Settle {
    }

    public record OpenAccount(Account account) implements Operation {
    }

    /** Spending limits; a null amount is no limit of that kind. */
    public record SetLimits(String accountId, String currency, Long perTransferMinor, Long dailyMinor, Long monthlyMinor,
                            String timezone) implements Operation {
    }

    public record SetBudget(String accountId, String currency, long monthlyMinor, List<String> alertThresholds)
            implements Operation {
    }

    /**
     * A merchant's fee schedule: from the next payment on, the ledger moves each payment's fee from
     * the merchant to the SYSTEM account {@code revenueAccountId}.
     *
     * @param rate the proportional part, a fraction (0.05 is 5 %)
     * @param maximumMinor the largest fee of one payment, null for none
     */
    public record SetFees(String merchantAccountId, String currency, BigDecimal rate, long fixedMinor, long minimumMinor,
                          Long maximumMinor, String revenueAccountId) implements Operation {
    }

    /** Transfers sent in one request; atomic ones are all posted or none is. */
    public record Batch(boolean atomic, List<Transfer> transfers) implements Operation {
        public Batch {
            transfers = List.copyOf(transfers);
        }
    }

    /**
     * Posts a hold, all of it when {@code amountMinor} is null.
     *
     * @param expectedFeeMinor the fee the payee's schedule takes from what is posted
     */
    public record PostHold(String transferId, Long amountMinor, String currency, long expectedFeeMinor) implements Operation {
    }

    public record VoidHold(String transferId) implements Operation {
    }

    /** @param expectedFeeReturnedMinor the part of the payment's fee the refund gives back to the merchant */
    public record Refund(String refundId, String transferId, long amountMinor, String currency,
                         long expectedFeeReturnedMinor) implements Operation {
    }

    public record Freeze(String accountId) implements Operation {
    }

    /**
     * Closes the postpaid account's billing period now ({@code POST /accounts/{id}/bills}).
     *
     * @param expected the bill it issues, null when the period has nothing to bill
     */
    public record CloseBillingPeriod(String accountId, ExpectedBill expected) implements Operation {
    }

    /** A bill as the ledger is expected to issue it; lines in the ledger's order (merchant, then category). */
    public record ExpectedBill(Instant periodStart, Instant periodEnd, long amountDueMinor, String currency, Instant dueAt,
                               List<BillLine> lines) {
        public ExpectedBill {
            lines = List.copyOf(lines);
        }
    }

    public record BillLine(String merchantAccountId, String category, long count, long totalMinor) {
    }

    /**
     * Pays the account's bill of the period that starts at {@code periodStart}, issued by an earlier
     * {@link CloseBillingPeriod}; the ledger names the bill, so the seeder looks its id up.
     */
    public record PayBill(String accountId, Instant periodStart, String paymentId, String debitAccountId, long amountMinor,
                          String currency) implements Operation {
    }

    /**
     * Pays a merchant out up to {@code cutoff} into a SYSTEM account ({@code POST /settlements}).
     *
     * @param expected what the settlement covers and pays, null when nothing is due
     */
    public record Settle(String merchantAccountId, String payoutAccountId, Instant cutoff, String currency,
                         ExpectedSettlement expected) implements Operation {
    }

    /** @param netMinor what moves to the payout account: the gross less fees and refunds, at most the balance */
    public record ExpectedSettlement(long count, long grossMinor, long feesMinor, long refundsMinor, long netMinor) {
    }

    /**
     * @param holdTimeoutSeconds null for a transfer posted at once, else how long the hold may stay pending
     * @param expected what the ledger is expected to answer
     */
    public record Transfer(String transferId, String debitAccountId, String creditAccountId, long amountMinor,
                           String currency, String category, String description, Integer holdTimeoutSeconds,
                           Expected expected) {
    }

    /**
     * @param status POSTED, PENDING or REJECTED
     * @param code the rejection's code, null unless REJECTED
     * @param feeMinor the fee the payee's schedule takes from a payment posted at once, else 0
     */
    public record Expected(String status, String code, long feeMinor) {

        public static final Expected POSTED = new Expected("POSTED", null, 0);
        public static final Expected PENDING = new Expected("PENDING", null, 0);

        public static Expected posted(long feeMinor) {
            return feeMinor == 0 ? POSTED : new Expected("POSTED", null, feeMinor);
        }

        public static Expected rejected(String code) {
            return new Expected("REJECTED", code, 0);
        }

        public boolean isDecline() {
            return "REJECTED".equals(status);
        }
    }
}
