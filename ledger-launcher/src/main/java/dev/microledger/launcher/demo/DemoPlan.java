package dev.microledger.launcher.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A month of ledger history to seed, as commands in time order: each {@link Step} is a moment the
 * ledger's clock is set to, with the commands sent at that moment. Every transfer carries the
 * outcome the planner's own model of the ledger expects, so a seeding can be checked against it.
 *
 * @param seed the random seed the plan was made from; the same seed and end give the same plan
 * @param start the moment of the first step
 * @param end no step is later than this
 * @param accounts every account the plan opens
 * @param steps the steps, strictly increasing in time
 */
public record DemoPlan(long seed, Instant start, Instant end, List<Account> accounts, List<Step> steps) {

    /** The fractional digits of each currency the plan uses, as the ledger's defaults configure them. */
    public static final Map<String, Integer> SCALES = Map.of("USD", 6, "KRW", 2);

    public DemoPlan {
        accounts = List.copyOf(accounts);
        steps = List.copyOf(steps);
    }

    /** Every transfer of the plan, in the order it is sent. */
    public List<Transfer> transfers() {
        return steps.stream().flatMap(step -> step.operations().stream())
                .filter(Batch.class::isInstance).map(Batch.class::cast)
                .flatMap(batch -> batch.transfers().stream()).toList();
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

    public record Account(String accountId, String currency, String kind, long creditLimitMinor) {
    }

    public record Step(Instant at, List<Operation> operations) {
        public Step {
            Objects.requireNonNull(at, "at");
            operations = List.copyOf(operations);
        }
    }

    /** One command, or one batch of transfers, sent to ledger-service. */
    public sealed interface Operation permits OpenAccount, SetLimits, SetBudget, Batch, PostHold, VoidHold, Refund, Freeze {
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

    /** Transfers sent in one request; atomic ones are all posted or none is. */
    public record Batch(boolean atomic, List<Transfer> transfers) implements Operation {
        public Batch {
            transfers = List.copyOf(transfers);
        }
    }

    /** Posts a hold, all of it when {@code amountMinor} is null. */
    public record PostHold(String transferId, Long amountMinor, String currency) implements Operation {
    }

    public record VoidHold(String transferId) implements Operation {
    }

    public record Refund(String refundId, String transferId, long amountMinor, String currency) implements Operation {
    }

    public record Freeze(String accountId) implements Operation {
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
     */
    public record Expected(String status, String code) {

        public static final Expected POSTED = new Expected("POSTED", null);
        public static final Expected PENDING = new Expected("PENDING", null);

        public static Expected rejected(String code) {
            return new Expected("REJECTED", code);
        }

        public boolean isDecline() {
            return "REJECTED".equals(status);
        }
    }
}
